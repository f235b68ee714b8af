/**
 * PostgreSQL's side of the connections, under the names prometheus-postgres-exporter gives them:
 * the classroom stack's postgres-exporter serves them, and so does the embedded lab's exporter
 * (lab/lab-exporter.ts), so rules, dashboards and the runner read the same series in both modes.
 */

/** Connections by database and state (pg_stat_activity). */
export const PG_STAT_ACTIVITY_COUNT = 'pg_stat_activity_count';
export const PG_SETTINGS_MAX_CONNECTIONS = 'pg_settings_max_connections';
/** 1 when the last scrape of PostgreSQL succeeded. */
export const PG_UP = 'pg_up';
