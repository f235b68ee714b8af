import type { PartDefinition, WidgetDefinition } from './widget-repository';

/** A part placed in the widget's layout, with its markup. */
export interface ComposedPart {
  key: string;
  type: string;
  box: { x: number; y: number; width: number; height: number };
  markup: string;
  children: ComposedPart[];
}

export interface RenderedWidget {
  id: number;
  name: string;
  kind: string;
  parts: number;
  html: string;
}

const PAGE_WIDTH = 1200;

export interface ComposerOptions {
  /** Points of history drawn by sparklines in complex (live) widgets. */
  sparklinePoints: number;
  /** Draw each render's sparklines from a fresh series rather than the widget's shared one. */
  freshSeries: boolean;
}

/**
 * Turns a widget definition into laid-out parts and HTML. Layout splits each part's box between
 * its children in proportion to their weights; every part renders its own markup, then the
 * widget's markup is assembled from the tree.
 */
export class WidgetComposer {
  /** Sparkline series, built once per part and reused by later renders. */
  private readonly series = new Map<string, number[]>();
  private renders = 0;

  constructor(readonly options: ComposerOptions = { sparklinePoints: 32, freshSeries: false }) {}

  render(widget: WidgetDefinition, locale: Locale): RenderedWidget {
    const render = { widget, locale, seq: ++this.renders };
    const root = this.compose(widget.root, `w${widget.id}`, { x: 0, y: 0, width: PAGE_WIDTH, height: 800 }, render);
    const html = `<section class="widget widget-${widget.kind}" data-id="${widget.id}">${assemble(root)}</section>`;
    return { id: widget.id, name: widget.name, kind: widget.kind, parts: count(root), html };
  }

  private compose(part: PartDefinition, key: string, box: ComposedPart['box'], render: Render): ComposedPart {
    const weights = part.children.map((c) => 1 + Number(c.props.weight ?? 1));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    let offset = 0;
    const horizontal = box.width >= box.height;
    const children = part.children.map((child, i) => {
      const share = weights[i]! / total;
      const childBox = horizontal
        ? { x: box.x + offset * box.width, y: box.y, width: box.width * share, height: box.height }
        : { x: box.x, y: box.y + offset * box.height, width: box.width, height: box.height * share };
      offset += share;
      return this.compose(child, `${key}.${i}`, childBox, render);
    });
    let markup = renderPart(part, key, box, render.locale);
    if (part.type === 'sparkline' && render.widget.kind === 'complex') markup += sparkline(this.seriesFor(key, render), box);
    return { key, type: part.type, box, markup, children };
  }

  private seriesFor(key: string, render: Render): number[] {
    const id = this.options.freshSeries ? `${key}@${render.seq}` : key;
    let points = this.series.get(id);
    if (!points || points.length !== this.options.sparklinePoints) {
      points = sampleSeries(this.options.sparklinePoints, render.seq);
      this.series.set(id, points);
    }
    return points;
  }
}

interface Render {
  widget: WidgetDefinition;
  locale: Locale;
  seq: number;
}

function sampleSeries(points: number, seed: number): number[] {
  const values = new Array<number>(points);
  let v = 50 + (seed % 17);
  for (let i = 0; i < points; i++) {
    v += Math.sin(seed + i * 0.7) * 5;
    values[i] = v;
  }
  return values;
}

/** An SVG polyline of the series, scaled into the part's box. */
function sparkline(values: number[], box: ComposedPart['box']): string {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const step = box.width / Math.max(1, values.length - 1);
  const scale = (box.height * 0.8) / (max - min || 1);
  let path = '';
  for (let i = 0; i < values.length; i++) path += `${(i * step).toFixed(1)},${(box.height - (values[i]! - min) * scale).toFixed(1)} `;
  return `<svg class="sparkline" width="${box.width.toFixed(0)}" height="${box.height.toFixed(0)}"><polyline points="${path.trim()}"/></svg>`;
}

/** Locales the renderer formats numbers for; anything else falls back to the first. */
export const LOCALES = ['en-US', 'de-DE', 'fr-FR', 'ja-JP'] as const;
export type Locale = (typeof LOCALES)[number];

// Formatters are costly to build: one per locale and style, built on first use (at most 12).
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, format: unknown): Intl.NumberFormat {
  const style = format === 'percent' ? 'percent' : format === 'currency' ? 'currency' : 'decimal';
  const key = `${locale}/${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style, currency: 'EUR', maximumFractionDigits: 2 });
    formatters.set(key, f);
  }
  return f;
}

function renderPart(part: PartDefinition, key: string, box: ComposedPart['box'], locale: Locale): string {
  const value = formatter(locale, part.props.format).format((Number(part.props.weight ?? 0) * 1234.567) / 100);
  const style = `left:${box.x.toFixed(1)}px;top:${box.y.toFixed(1)}px;width:${box.width.toFixed(1)}px;height:${box.height.toFixed(1)}px;color:${part.props.color}`;
  return `<div class="part part-${part.type}" id="${key}" style="${style}"><h4>${escapeHtml(String(part.props.title))}</h4><span>${value}</span>`;
}

function assemble(part: ComposedPart): string {
  return `${part.markup}${part.children.map(assemble).join('')}</div>`;
}

function count(part: ComposedPart): number {
  return 1 + part.children.reduce((n, c) => n + count(c), 0);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
