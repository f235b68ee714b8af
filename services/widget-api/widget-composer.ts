import { Semaphore } from 'async-mutex';
import { unattendedSlicer, type WorkSlicer } from '../kit/client-gone';
import type { PartDefinition, WidgetDefinition } from './widget-repository';

/** A part placed in the widget's layout, with its markup. */
export interface ComposedPart {
  key: string;
  type: string;
  props: PartDefinition['props'];
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
/** Parts rendered between two yields to the event loop: a complex widget (781 parts) takes 13 slices of ~1 ms. */
const PARTS_PER_SLICE = 64;
/**
 * Live updates at once (bringing every kept frame up to date); more wait their turn. Without
 * turns, many paced updates at once each wake at every tick and together take the CPU from the
 * light requests (measured: simple renders 84% affected in a quick run without them).
 */
const LIVE_UPDATES = 2;
/** Live sparklines move on by one sample per render, nominally a minute apart. */
const SAMPLE_MS = 60_000;

export interface ComposerOptions {
  /** Points of history drawn by sparklines in complex (live) widgets. */
  sparklinePoints: number;
  /** Key each kept frame by its render (every frame is new) rather than by its widget. */
  framePerRender: boolean;
}

/** One point of a live sparkline. */
interface Sample {
  at: number;
  value: number;
}

/** A live sparkline as last drawn. */
interface LiveSparkline {
  box: ComposedPart['box'];
  samples: Sample[];
  markup: string;
}

/** A complex widget's live sparklines, by part key. */
type Frame = Map<string, LiveSparkline>;

/**
 * Turns a widget definition into laid-out parts and HTML. Layout splits each part's box between
 * its children in proportion to their weights; every part renders its own markup, then the
 * widget's markup is assembled from the tree.
 *
 * Complex widgets are live. The composer keeps each one's frame (its sparklines as drawn), and
 * every render of a live widget moves the live feed on by one sample: the new render continues
 * its sparklines from its frame, and every kept frame is brought up to date (redrawn), so that
 * the other live widgets are never a sample behind when they are served next. Parts and frames
 * are handled in slices, yielding to the event loop, so a 781-part render does not hold it for
 * its whole time.
 */
export class WidgetComposer {
  /** The kept frame of each complex widget. */
  private readonly frames = new Map<string, Frame>();
  private readonly liveUpdates = new Semaphore(LIVE_UPDATES);
  private renders = 0;

  constructor(readonly options: ComposerOptions = { sparklinePoints: 8, framePerRender: false }) {}

  async render(widget: WidgetDefinition, locale: Locale, slicer: WorkSlicer = unattendedSlicer): Promise<RenderedWidget> {
    const seq = ++this.renders;
    const rendered = await this.compose(widget, locale, slicer, seq);
    if (widget.kind !== 'complex') return rendered;
    // The live feed moved on: the other live widgets are brought up to date before this one is
    // served (its own frame is kept already).
    await this.liveUpdates.runExclusive(async () => {
      await slicer.begin(); // its turn may come after the client has given up, or during a drain
      await this.advanceFrames(seq, slicer);
    });
    return rendered;
  }

  private async compose(widget: WidgetDefinition, locale: Locale, slicer: WorkSlicer, seq: number): Promise<RenderedWidget> {
    const live = widget.kind === 'complex';
    const root = layout(widget.root, `w${widget.id}`, { x: 0, y: 0, width: PAGE_WIDTH, height: 800 });
    const parts = flatten(root);
    const key = this.options.framePerRender ? `w${widget.id}@${seq}` : `w${widget.id}`;
    const previous = live ? this.frames.get(key) : undefined;
    const frame: Frame = new Map();
    for (let i = 0; i < parts.length; i++) {
      if (i > 0 && i % PARTS_PER_SLICE === 0) await slicer.next();
      const part = parts[i]!;
      part.markup = renderPart(part, locale);
      if (live && part.type === 'sparkline') {
        const samples = this.nextSamples(previous?.get(part.key)?.samples, seq);
        const line: LiveSparkline = { box: part.box, samples, markup: sparkline(samples, part.box) };
        frame.set(part.key, line);
        part.markup += line.markup;
      }
    }
    if (live) this.frames.set(key, frame);
    const html = `<section class="widget widget-${widget.kind}" data-id="${widget.id}">${assemble(root)}</section>`;
    return { id: widget.id, name: widget.name, kind: widget.kind, parts: parts.length, html };
  }

  /**
   * Every kept frame moves on by one sample, a paced slice per frame: the update waits a timer tick
   * between frames rather than taking every turn of the event loop, so the light requests keep the
   * CPU while complex renders wait. A frame's markup is drawn again when it is served (stale until
   * then), so the update is mostly that wait, ~1 ms a frame, whatever the CPU.
   */
  private async advanceFrames(seq: number, slicer: WorkSlicer): Promise<void> {
    for (const frame of [...this.frames.values()]) {
      await slicer.pace();
      for (const line of frame.values()) advance(line.samples, seq);
    }
  }

  /** The previous samples moved on by one, or a new series. */
  private nextSamples(previous: Sample[] | undefined, seq: number): Sample[] {
    const points = this.options.sparklinePoints;
    if (!previous || previous.length !== points) return sampleSeries(points, seq);
    const next = previous.slice();
    advance(next, seq);
    return next;
  }
}

/** The part tree with every box placed; markup comes later. */
function layout(part: PartDefinition, key: string, box: ComposedPart['box']): ComposedPart {
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
    return layout(child, `${key}.${i}`, childBox);
  });
  return { key, type: part.type, props: part.props, box, markup: '', children };
}

function flatten(root: ComposedPart): ComposedPart[] {
  const out: ComposedPart[] = [];
  const visit = (p: ComposedPart): void => {
    out.push(p);
    p.children.forEach(visit);
  };
  visit(root);
  return out;
}

/** Drops the oldest sample and appends the next one. */
function advance(samples: Sample[], seq: number): void {
  const last = samples[samples.length - 1]!;
  samples.shift();
  samples.push({ at: last.at + SAMPLE_MS, value: last.value + Math.sin(seq * 0.7) * 5 });
}

/** A series of `points` samples ending now. */
function sampleSeries(points: number, seed: number): Sample[] {
  const samples = new Array<Sample>(points);
  const end = Date.now();
  let value = 50 + (seed % 17);
  for (let i = 0; i < points; i++) {
    value += Math.sin(seed + i * 0.7) * 5;
    samples[i] = { at: end - (points - 1 - i) * SAMPLE_MS, value };
  }
  return samples;
}

/** An SVG polyline of the series, scaled into the part's box. */
function sparkline(samples: Sample[], box: ComposedPart['box']): string {
  let min = Infinity;
  let max = -Infinity;
  for (const { value } of samples) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const step = box.width / Math.max(1, samples.length - 1);
  const scale = (box.height * 0.8) / (max - min || 1);
  let path = '';
  for (let i = 0; i < samples.length; i++) path += `${(i * step).toFixed(1)},${(box.height - (samples[i]!.value - min) * scale).toFixed(1)} `;
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

function renderPart({ props, box, key, type }: ComposedPart, locale: Locale): string {
  const value = formatter(locale, props.format).format((Number(props.weight ?? 0) * 1234.567) / 100);
  const style = `left:${box.x.toFixed(1)}px;top:${box.y.toFixed(1)}px;width:${box.width.toFixed(1)}px;height:${box.height.toFixed(1)}px;color:${props.color}`;
  return `<div class="part part-${type}" id="${key}" style="${style}"><h4>${escapeHtml(String(props.title))}</h4><span>${value}</span>`;
}

function assemble(part: ComposedPart): string {
  return `${part.markup}${part.children.map(assemble).join('')}</div>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
