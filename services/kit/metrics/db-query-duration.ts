import { Histogram, type Registry } from 'prom-client';

export const DB_QUERY_DURATION_SECONDS = 'db_query_duration_seconds';

/** Labelled by the query's name (a fixed identifier such as "widgets.by_id"), never its text or parameters. */
export function createDbQueryDuration(registry: Registry): Histogram<'query' | 'outcome'> {
  return new Histogram({
    name: DB_QUERY_DURATION_SECONDS,
    help: 'Duration of database queries, including the wait for a pooled connection',
    labelNames: ['query', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}
