import type { Database } from '../kit/database';

export interface PartDefinition {
  type: string;
  props: Record<string, string | number>;
  children: PartDefinition[];
}

export interface WidgetDefinition {
  id: number;
  name: string;
  kind: 'simple' | 'complex';
  root: PartDefinition;
  updatedAt: string;
}

export interface WidgetSummary {
  id: number;
  name: string;
  kind: 'simple' | 'complex';
}

export class WidgetRepository {
  constructor(private readonly db: Database) {}

  async list(limit: number, offset: number): Promise<WidgetSummary[]> {
    const { rows } = await this.db.query<WidgetSummary>(
      'widgets.list',
      'SELECT id, name, kind FROM widget_api.widgets ORDER BY id LIMIT $1 OFFSET $2',
      [limit, offset],
    );
    return rows;
  }

  async byId(id: number): Promise<WidgetDefinition | undefined> {
    const { rows } = await this.db.query<{ id: number; name: string; kind: 'simple' | 'complex'; definition: PartDefinition; updated_at: Date }>(
      'widgets.by_id',
      'SELECT id, name, kind, definition, updated_at FROM widget_api.widgets WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return row && { id: row.id, name: row.name, kind: row.kind, root: row.definition, updatedAt: row.updated_at.toISOString() };
  }
}
