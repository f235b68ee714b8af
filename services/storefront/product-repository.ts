import type { PoolClient } from 'pg';
import type { Database } from '../kit/database';

export interface Product {
  id: number;
  name: string;
  category: string;
  priceCents: number;
  description: string;
  attributes: { brand: string; rating: number; color: string; weightGrams: number };
}

export interface CartItem {
  productId: number;
  name: string;
  quantity: number;
  priceCents: number;
}

type ProductRow = { id: number; name: string; category: string; price_cents: number; description: string; attributes: Product['attributes'] };

const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  name: r.name,
  category: r.category,
  priceCents: r.price_cents,
  description: r.description,
  attributes: r.attributes,
});

export class ProductRepository {
  constructor(private readonly db: Database) {}

  async page(category: string | undefined, limit: number, offset: number): Promise<Product[]> {
    const { rows } = category
      ? await this.db.query<ProductRow>(
          'products.by_category',
          'SELECT * FROM storefront.products WHERE category = $1 ORDER BY id LIMIT $2 OFFSET $3',
          [category, limit, offset],
        )
      : await this.db.query<ProductRow>('products.page', 'SELECT * FROM storefront.products ORDER BY id LIMIT $1 OFFSET $2', [limit, offset]);
    return rows.map(toProduct);
  }

  /** Free-text search over names and descriptions: a sequential scan, slow-ish by design of the data model. */
  async search(term: string, limit: number): Promise<Product[]> {
    const { rows } = await this.db.query<ProductRow>(
      'products.search',
      `SELECT * FROM storefront.products WHERE name ILIKE $1 OR description ILIKE $1 ORDER BY (attributes->>'rating')::numeric DESC LIMIT $2`,
      [`%${term}%`, limit],
    );
    return rows.map(toProduct);
  }

  async byId(id: number): Promise<Product | undefined> {
    const { rows } = await this.db.query<ProductRow>('products.by_id', 'SELECT * FROM storefront.products WHERE id = $1', [id]);
    return rows[0] && toProduct(rows[0]);
  }

  async all(): Promise<Product[]> {
    const { rows } = await this.db.query<ProductRow>('products.all', 'SELECT * FROM storefront.products ORDER BY id');
    return rows.map(toProduct);
  }

  async cart(cartId: string, client?: PoolClient): Promise<CartItem[]> {
    const sql = `SELECT c.product_id, p.name, c.quantity, p.price_cents
                 FROM storefront.cart_items c JOIN storefront.products p ON p.id = c.product_id
                 WHERE c.cart_id = $1 ORDER BY c.added_at, c.product_id`;
    const { rows } = client
      ? await this.db.queryOn<{ product_id: number; name: string; quantity: number; price_cents: number }>(client, 'carts.items', sql, [cartId])
      : await this.db.query<{ product_id: number; name: string; quantity: number; price_cents: number }>('carts.items', sql, [cartId]);
    return rows.map((r) => ({ productId: r.product_id, name: r.name, quantity: r.quantity, priceCents: r.price_cents }));
  }

  async addToCart(cartId: string, productId: number, quantity: number): Promise<void> {
    await this.db.query(
      'carts.add_item',
      `INSERT INTO storefront.cart_items (cart_id, product_id, quantity) VALUES ($1, $2, $3)
       ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = LEAST(storefront.cart_items.quantity + EXCLUDED.quantity, 99)`,
      [cartId, productId, quantity],
    );
  }

  /** Turns a cart into an order in one transaction; undefined when the cart is empty. */
  async checkout(cartId: string, userId: string | undefined): Promise<{ orderId: string; totalCents: number; items: number; productIds: number[] } | undefined> {
    const client = await this.db.connect();
    try {
      await client.query('BEGIN');
      const items = await this.cart(cartId, client);
      if (items.length === 0) {
        await client.query('ROLLBACK');
        return undefined;
      }
      const totalCents = items.reduce((sum, i) => sum + i.priceCents * i.quantity, 0);
      const count = items.reduce((sum, i) => sum + i.quantity, 0);
      const { rows } = await this.db.queryOn<{ id: string }>(
        client,
        'orders.insert',
        'INSERT INTO storefront.orders (cart_id, user_id, total_cents, items) VALUES ($1, $2, $3, $4) RETURNING id',
        [cartId, userId ?? null, totalCents, count],
      );
      await this.db.queryOn(client, 'carts.clear', 'DELETE FROM storefront.cart_items WHERE cart_id = $1', [cartId]);
      await client.query('COMMIT');
      return { orderId: rows[0]!.id, totalCents, items: count, productIds: items.map((i) => i.productId) };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
