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

/**
 * Turns a widget definition into laid-out parts and HTML. Layout splits each part's box between
 * its children in proportion to their weights; every part renders its own markup, then the
 * widget's markup is assembled from the tree.
 */
export class WidgetComposer {
  render(widget: WidgetDefinition, locale: Locale): RenderedWidget {
    const root = this.compose(widget.root, `w${widget.id}`, { x: 0, y: 0, width: PAGE_WIDTH, height: 800 }, locale);
    const html = `<section class="widget widget-${widget.kind}" data-id="${widget.id}">${assemble(root)}</section>`;
    return { id: widget.id, name: widget.name, kind: widget.kind, parts: count(root), html };
  }

  private compose(part: PartDefinition, key: string, box: ComposedPart['box'], locale: Locale): ComposedPart {
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
      return this.compose(child, `${key}.${i}`, childBox, locale);
    });
    return { key, type: part.type, box, markup: renderPart(part, key, box, locale), children };
  }
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
