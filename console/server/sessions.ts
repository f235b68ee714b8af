import { randomBytes } from 'node:crypto';
import type { Role } from './roles';

export interface Session {
  id: string;
  role: Role;
  /** the learner's name as typed at login (null for the instructor) */
  learner: string | null;
  createdAt: number;
  lastSeenAt: number;
}

export const SESSION_COOKIE = 'outage_lab_session';
/** A session ends after 2 hours without a request, and 12 hours after login whatever happens (a class day). */
export const IDLE_MS = 2 * 3_600_000;
export const ABSOLUTE_MS = 12 * 3_600_000;
/** Bounded: a script logging in in a loop cannot fill memory; the oldest sessions go first. */
const MAX_SESSIONS = 2_000;

/** Sessions in memory (they end with the lab): a random id in an httpOnly cookie, nothing else on the client. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  create(role: Role, learner: string | null): Session {
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const at = this.now();
    const session: Session = { id: randomBytes(32).toString('base64url'), role, learner, createdAt: at, lastSeenAt: at };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id (its idle clock restarted), or null when unknown or expired. */
  get(id: string | undefined): Session | null {
    if (!id) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    const at = this.now();
    if (at - session.lastSeenAt > IDLE_MS || at - session.createdAt > ABSOLUTE_MS) {
      this.sessions.delete(id);
      return null;
    }
    session.lastSeenAt = at;
    return session;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** Learners logged in now (names), for the instructor's view. */
  learners(): string[] {
    return [...new Set([...this.sessions.values()].flatMap((s) => (s.learner ? [s.learner] : [])))].sort();
  }
}

export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${ABSOLUTE_MS / 1000}`;
}

export function clearedCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/** The session id from a Cookie header. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=');
  }
  return undefined;
}
