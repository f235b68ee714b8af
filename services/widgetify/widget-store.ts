import type { QueryResult, QueryResultRow } from 'pg';

/** Where the store's statements run: the pool, or a connection the request holds. */
export interface QueryRunner {
  query<R extends QueryResultRow>(name: string, text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

export interface Widget {
  id: number;
  name: string;
  color: string;
  priceCents: number;
  createdAt: string;
}

type Row = { id: number; name: string; color: string; price_cents: number; created_at: Date };
const toWidget = (r: Row): Widget => ({ id: r.id, name: r.name, color: r.color, priceCents: r.price_cents, createdAt: r.created_at.toISOString() });

/** Widgetify's widgets, in PostgreSQL. */
export class WidgetStore {
  constructor(private readonly db: QueryRunner) {}

  async list(limit: number, offset: number): Promise<Widget[]> {
    const { rows } = await this.db.query<Row>('widgets.list', 'SELECT * FROM widgetify.widgets ORDER BY id LIMIT $1 OFFSET $2', [limit, offset]);
    return rows.map(toWidget);
  }

  async byId(id: number): Promise<Widget | undefined> {
    const { rows } = await this.db.query<Row>('widgets.by_id', 'SELECT * FROM widgetify.widgets WHERE id = $1', [id]);
    return rows[0] && toWidget(rows[0]);
  }

  async search(term: string, limit: number): Promise<Widget[]> {
    const { rows } = await this.db.query<Row>(
      'widgets.search',
      `SELECT * FROM widgetify.widgets WHERE lower(name) LIKE $1 ORDER BY id LIMIT $2`,
      [`${term.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`, limit],
    );
    return rows.map(toWidget);
  }

  async create(input: { name: string; color: string; priceCents: number }): Promise<Widget> {
    const { rows } = await this.db.query<Row>(
      'widgets.insert',
      'INSERT INTO widgetify.widgets (name, color, price_cents) VALUES ($1, $2, $3) RETURNING *',
      [input.name, input.color, input.priceCents],
    );
    return toWidget(rows[0]!);
  }
}
