import { migrate, type Database } from '../kit/database';

export const PRODUCT_COUNT = 5_000;
export const CATEGORIES = [
  'audio', 'books', 'cameras', 'games', 'garden', 'kitchen', 'lighting', 'music', 'office', 'outdoor',
  'phones', 'shoes', 'sports', 'storage', 'tools', 'toys', 'travel', 'tv', 'watches', 'wearables',
] as const;

/** Catalogue, carts and orders; idempotent, safe for several instances starting at once. */
export async function prepareSchema(db: Database): Promise<void> {
  const categories = CATEGORIES.map((c) => `'${c}'`).join(',');
  await migrate(db, 41_002, [
    `CREATE SCHEMA IF NOT EXISTS storefront`,
    `CREATE TABLE IF NOT EXISTS storefront.products (
       id integer PRIMARY KEY,
       name text NOT NULL,
       category text NOT NULL,
       price_cents integer NOT NULL,
       description text NOT NULL,
       attributes jsonb NOT NULL
     )`,
    `CREATE INDEX IF NOT EXISTS products_category_idx ON storefront.products (category, id)`,
    `CREATE TABLE IF NOT EXISTS storefront.cart_items (
       cart_id text NOT NULL,
       product_id integer NOT NULL REFERENCES storefront.products (id),
       quantity integer NOT NULL CHECK (quantity > 0),
       added_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (cart_id, product_id)
     )`,
    `CREATE TABLE IF NOT EXISTS storefront.orders (
       id bigserial PRIMARY KEY,
       cart_id text NOT NULL,
       user_id text,
       total_cents bigint NOT NULL,
       items integer NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `INSERT INTO storefront.products (id, name, category, price_cents, description, attributes)
       SELECT i,
              initcap((ARRAY['smart','compact','classic','pro','ultra','eco','travel','studio'])[1 + i % 8]) || ' ' ||
                (ARRAY[${categories}])[1 + i % ${CATEGORIES.length}] || ' ' || i,
              (ARRAY[${categories}])[1 + i % ${CATEGORIES.length}],
              199 + (i * 7919) % 99800,
              repeat('A well-made product for everyday use, with a two-year warranty and free returns. ', 4 + i % 4),
              jsonb_build_object('brand', 'brand-' || (i % 97), 'rating', round(((i * 31) % 50) / 10.0, 1),
                                 'color', (ARRAY['black','white','red','blue','green','grey'])[1 + i % 6], 'weightGrams', 50 + (i * 13) % 5000)
       FROM generate_series(1, ${PRODUCT_COUNT}) AS i
       -- Filtered before the rows are built: a restart under load stays quick.
       WHERE NOT EXISTS (SELECT 1 FROM storefront.products p WHERE p.id = i)
     ON CONFLICT (id) DO NOTHING`,
  ]);
}
