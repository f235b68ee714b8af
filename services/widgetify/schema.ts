import { migrate, type Database } from '../kit/database';

export const SEEDED_WIDGETS = 1_000;

export async function prepareSchema(db: Database): Promise<void> {
  await migrate(db, 41_003, [
    `CREATE SCHEMA IF NOT EXISTS widgetify`,
    `CREATE TABLE IF NOT EXISTS widgetify.widgets (
       id serial PRIMARY KEY,
       name text NOT NULL,
       color text NOT NULL,
       price_cents integer NOT NULL CHECK (price_cents >= 0),
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX IF NOT EXISTS widgets_name_idx ON widgetify.widgets (lower(name) text_pattern_ops)`,
    `INSERT INTO widgetify.widgets (name, color, price_cents)
       SELECT (ARRAY['sprocket','gizmo','doohickey','whatsit','gadget'])[1 + i % 5] || ' ' || i,
              (ARRAY['red','green','blue','black','white'])[1 + (i * 7) % 5], 100 + (i * 7919) % 50000
       FROM generate_series(1, ${SEEDED_WIDGETS}) AS i
       WHERE NOT EXISTS (SELECT 1 FROM widgetify.widgets)`,
  ]);
}
