import type { Product } from './product-repository';

export const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY'] as const;
export type Currency = (typeof CURRENCIES)[number];
const RATES: Record<Currency, number> = { EUR: 1, USD: 1.08, GBP: 0.86, JPY: 162 };

export interface ProductPage {
  id: number;
  title: string;
  price: string;
  html: string;
}

const formats = new Map(CURRENCIES.map((c) => [c, new Intl.NumberFormat('en-US', { style: 'currency', currency: c })]));
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const COLOURS = ['black', 'white', 'navy', 'red', 'green', 'grey', 'blue', 'yellow', 'orange', 'purple', 'pink', 'brown', 'beige', 'olive', 'teal', 'silver'];
const GALLERY = 32;

/** The product page as served: price in the visitor's currency, links that keep the campaign reference. */
export function renderProductPage(product: Product, currency: Currency, ref: string | undefined): ProductPage {
  const price = formats.get(currency)!.format((product.priceCents / 100) * RATES[currency]);
  const query = ref ? `?ref=${encodeURIComponent(ref)}` : '';
  const specs = Object.entries(product.attributes)
    .map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(String(v))}</td></tr>`)
    .join('');
  const keep = query ? `&${query.slice(1)}` : '';
  // Every variant and picture links back with the campaign reference, which is why a page is cached per ref.
  const variants = SIZES.flatMap((size) =>
    COLOURS.map((colour) => `<li><a href="/products/${product.id}?size=${size}&amp;colour=${colour}${keep}" title="${escape(product.name)}, ${size}, ${colour}">${size} · ${colour} · ${price}</a></li>`),
  ).join('');
  const gallery = Array.from({ length: GALLERY }, (_, i) => {
    const src = `/images/${product.category}/${product.id}-${i + 1}`;
    return `<img src="${src}-640.webp" srcset="${src}-320.webp 320w, ${src}-640.webp 640w, ${src}-1280.webp 1280w" sizes="(max-width: 600px) 100vw, 50vw" alt="${escape(product.name)}, picture ${i + 1}" loading="lazy">`;
  }).join('');
  const html =
    `<article class="product" data-id="${product.id}"><h1>${escape(product.name)}</h1>` +
    `<div class="gallery">${gallery}</div>` +
    `<p class="price">${price}</p><p>${escape(product.description)}</p><table>${specs}</table><ul class="variants">${variants}</ul>` +
    `<a href="/carts/add?product=${product.id}${keep}">Add to cart</a>` +
    `<a href="/products?category=${product.category}${keep}">More ${escape(product.category)}</a></article>`;
  return { id: product.id, title: product.name, price, html };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
