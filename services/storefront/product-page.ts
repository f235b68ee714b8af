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

/** The product page as served: price in the visitor's currency, links that keep the campaign reference. */
export function renderProductPage(product: Product, currency: Currency, ref: string | undefined): ProductPage {
  const price = formats.get(currency)!.format((product.priceCents / 100) * RATES[currency]);
  const query = ref ? `?ref=${encodeURIComponent(ref)}` : '';
  const specs = Object.entries(product.attributes)
    .map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(String(v))}</td></tr>`)
    .join('');
  const html =
    `<article class="product" data-id="${product.id}"><h1>${escape(product.name)}</h1>` +
    `<p class="price">${price}</p><p>${escape(product.description)}</p><table>${specs}</table>` +
    `<a href="/carts/add?product=${product.id}${query ? `&${query.slice(1)}` : ''}">Add to cart</a>` +
    `<a href="/products?category=${product.category}${query ? `&${query.slice(1)}` : ''}">More ${escape(product.category)}</a></article>`;
  return { id: product.id, title: product.name, price, html };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
