import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { formatValue } from './format';
import { usePoll } from './hooks';

interface PanelInfo {
  id: string;
  title: string;
  unit: string;
}
interface PanelData {
  times: number[];
  series: Array<{ label: string; values: Array<number | null> }>;
}

/** Refresh period of the charts (the issue asks for 2-5 s; the lab scrapes every 5 s). */
export const REFRESH_MS = 3_000;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#4f46e5', '#0d9488', '#9333ea'];

/** Every panel of the dashboards, with the range picker (last 5, 15 or 60 minutes). */
export function Dashboards() {
  const list = usePoll<{ panels: PanelInfo[]; source: string }>('/panels', 0);
  const [minutes, setMinutes] = useState(5);
  if (!list.data) return html`<p class="muted">${list.error ?? 'loading the dashboards…'}</p>`;
  return html`
    <div class="toolbar">
      <span>Last</span>
      ${[5, 15, 60].map(
        (m) => html`<button type="button" class=${m === minutes ? 'chip active' : 'chip'} data-range=${m} onClick=${() => setMinutes(m)}>${m} min</button>`,
      )}
      <span class="muted">source: ${list.data.source === 'prometheus' ? "the lab's Prometheus" : "the console's own scrape of the lab"}; refreshed every ${REFRESH_MS / 1000} s; hover a chart for values</span>
    </div>
    <div class="charts">${list.data.panels.map((p) => html`<${Chart} key=${p.id} panel=${p} minutes=${minutes} />`)}</div>
  `;
}

function Chart({ panel, minutes }: { panel: PanelInfo; minutes: number }) {
  const { data, error } = usePoll<PanelData>(`/panels/${panel.id}?minutes=${minutes}`, REFRESH_MS);
  const box = useRef<HTMLDivElement>(null);
  const legend = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = useRef('');

  useEffect(() => {
    const el = box.current;
    if (!el || !data) return;
    const labels = data.series.map((s) => s.label).join('\u0000');
    const rows: uPlot.AlignedData = [data.times, ...data.series.map((s) => s.values)];
    if (plot.current && shape.current === labels) {
      plot.current.setData(rows);
      return;
    }
    plot.current?.destroy();
    shape.current = labels;
    const width = Math.max(280, el.clientWidth || 480);
    plot.current = new uPlot(
      {
        width,
        height: 200,
        // The legend (values under the cursor) in its own scrolling box: a panel may have dozens of series.
        legend: { live: true, mount: (_u, table) => legend.current?.replaceChildren(table) },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [{}, { values: (_u, ticks) => ticks.map((v) => formatValue(v, panel.unit)), size: 84 }],
        series: [
          {},
          ...data.series.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length],
            width: 1.5,
            spanGaps: false,
            value: (_u: uPlot, v: number | null) => formatValue(v, panel.unit),
          })),
        ],
      },
      rows,
      el,
    );
  }, [data]);

  useEffect(() => () => plot.current?.destroy(), []);

  const points = data ? data.series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0) : 0;
  return html`
    <section class="panel" data-panel=${panel.id} data-series=${data?.series.length ?? 0} data-points=${points}>
      <h3>${panel.title}</h3>
      ${error ? html`<p class="error">${error}</p>` : null}
      ${data && data.series.length === 0 ? html`<p class="muted">no data yet</p>` : null}
      <div ref=${box} class="plot"></div>
      <div ref=${legend} class="legend"></div>
    </section>
  `;
}
