import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, get, message, post } from './api';
import { Alerts } from './alerts';
import { Dashboards } from './charts';
import { Heap } from './heap';
import { Incident, Postmortem } from './incident';
import { RunStatus } from './instructor';
import { Logs } from './logs';
import { Operations } from './operations';
import { Profiles } from './cpu-profile';

interface Me {
  role: 'instructor' | 'learner';
  learner: string | null;
}

/** The token is typed here and sent once in a POST body; the session lives in an httpOnly cookie. */
function Login({ onLogin }: { onLogin: (me: Me) => void }) {
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      onLogin(await post<Me>('/session', { token, ...(name.trim() ? { name: name.trim() } : {}) }));
    } catch (err) {
      setError(message(err));
    }
  };
  return html`
    <form class="login" onSubmit=${submit}>
      <h1>Outage Lab console</h1>
      <label>Your name (learners) <input name="name" autocomplete="name" value=${name} onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} /></label>
      <label>Token <input name="token" type="password" autocomplete="current-password" required value=${token} onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)} /></label>
      <button type="submit" id="login">Log in</button>
      ${error ? html`<p class="error" role="alert" id="login-error">${error}</p>` : null}
    </form>
  `;
}

const LEARNER_TABS = ['Incident', 'Dashboards', 'Logs', 'Heap', 'CPU profile', 'Operations', 'Postmortem'] as const;
const INSTRUCTOR_TABS = ['Run', 'Dashboards', 'Logs', 'Heap', 'CPU profile', 'Operations', 'Incident'] as const;

function Console({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const tabs: readonly string[] = me.role === 'instructor' ? INSTRUCTOR_TABS : LEARNER_TABS;
  const [tab, setTab] = useState(tabs[0]!);
  const [services, setServices] = useState<string[]>([]);
  useEffect(() => {
    get<{ services: string[] }>('/lab').then((lab) => setServices(lab.services), () => undefined);
  }, []);
  const logout = async () => {
    await api('DELETE', '/session').catch(() => undefined);
    onLogout();
  };
  const view = (() => {
    switch (tab) {
      case 'Run':
        return html`<${RunStatus} />`;
      case 'Incident':
        return html`<${Incident} />`;
      case 'Dashboards':
        return html`<${Dashboards} />`;
      case 'Logs':
        return html`<${Logs} services=${services} />`;
      case 'Heap':
        return html`<${Heap} services=${services} />`;
      case 'CPU profile':
        return html`<${Profiles} services=${services} />`;
      case 'Operations':
        return html`<${Operations} services=${services} />`;
      default:
        return html`<${Postmortem} />`;
    }
  })();
  return html`
    <header>
      <h1>Outage Lab</h1>
      <span class="who" data-role=${me.role}>${me.role === 'instructor' ? 'Instructor' : `Learner: ${me.learner}`}</span>
      <button type="button" class="link" id="logout" onClick=${logout}>Log out</button>
    </header>
    <nav>${tabs.map((t) => html`<button type="button" class=${t === tab ? 'tab active' : 'tab'} data-tab=${t} onClick=${() => setTab(t)}>${t}</button>`)}</nav>
    <div class="layout">
      <main data-view=${tab}>${view}</main>
      <aside><${Alerts} /></aside>
    </div>
  `;
}

function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    get<Me>('/session').then(setMe, (err) => setMe(err instanceof ApiError && err.status === 401 ? null : null));
  }, []);
  if (me === undefined) return html`<p class="muted">loading…</p>`;
  if (me === null) return html`<${Login} onLogin=${setMe} />`;
  return html`<${Console} me=${me} onLogout=${() => setMe(null)} />`;
}

render(html`<${App} />`, document.getElementById('app')!);
