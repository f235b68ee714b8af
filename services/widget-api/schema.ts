import { migrate, type Database } from '../kit/database';

export const WIDGET_COUNT = 200;
/** Every fifth widget is a complex one (a deep tree of nested parts). */
export const COMPLEX_EVERY = 5;
const USAGE_EVENTS = 50_000;

/**
 * Widget definitions are trees of parts kept as JSON. Simple widgets have a handful of parts;
 * complex ones nest four levels deep with several children each (a few hundred parts).
 * Everything here is idempotent: several instances may start at once.
 */
export async function prepareSchema(db: Database): Promise<void> {
  await migrate(db, 41_001, [
    `CREATE SCHEMA IF NOT EXISTS widget_api`,
    `CREATE TABLE IF NOT EXISTS widget_api.widgets (
       id integer PRIMARY KEY,
       name text NOT NULL,
       kind text NOT NULL CHECK (kind IN ('simple', 'complex')),
       definition jsonb NOT NULL,
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE TABLE IF NOT EXISTS widget_api.usage_events (
       id bigserial PRIMARY KEY,
       widget_id integer NOT NULL,
       user_id text NOT NULL,
       action text NOT NULL,
       duration_ms integer NOT NULL,
       at timestamptz NOT NULL
     )`,
    `CREATE OR REPLACE FUNCTION widget_api.part_tree(depth integer, fanout integer, seed bigint) RETURNS jsonb
     LANGUAGE sql IMMUTABLE AS $$
       SELECT jsonb_build_object(
         'type', (ARRAY['panel','chart','table','label','gauge','sparkline'])[1 + (seed % 6)],
         'props', jsonb_build_object('title', 'Part ' || seed, 'color', '#' || lpad(to_hex((seed * 7919) % 16777215), 6, '0'),
                                     'weight', seed % 13, 'format', (ARRAY['number','percent','currency'])[1 + (seed % 3)]),
         'children', CASE WHEN depth <= 0 THEN '[]'::jsonb ELSE
           (SELECT jsonb_agg(widget_api.part_tree(depth - 1, fanout, (seed * 31 + i) % 1000003)) FROM generate_series(1, fanout) AS i) END)
     $$`,
    `INSERT INTO widget_api.widgets (id, name, kind, definition)
       SELECT i, 'Widget ' || i,
              CASE WHEN i % ${COMPLEX_EVERY} = 0 THEN 'complex' ELSE 'simple' END,
              CASE WHEN i % ${COMPLEX_EVERY} = 0 THEN widget_api.part_tree(4, 5, i) ELSE widget_api.part_tree(1, 3, i) END
       FROM generate_series(1, ${WIDGET_COUNT}) AS i
       -- Filtered before the trees are built: a restart under load must not rebuild 40 complex trees.
       WHERE NOT EXISTS (SELECT 1 FROM widget_api.widgets w WHERE w.id = i)
     ON CONFLICT (id) DO NOTHING`,
    `INSERT INTO widget_api.usage_events (widget_id, user_id, action, duration_ms, at)
       SELECT 1 + (i % ${WIDGET_COUNT}), 'u' || (i % 997), (ARRAY['view','render','export','share'])[1 + (i % 4)],
              5 + (i * 37) % 400, now() - make_interval(secs => i)
       FROM generate_series(1, ${USAGE_EVENTS}) AS i
       WHERE NOT EXISTS (SELECT 1 FROM widget_api.usage_events)`,
  ]);
}
