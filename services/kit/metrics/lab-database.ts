/**
 * The embedded lab's supervision of its PostgreSQL (lab/postgres-supervisor.ts), on the lab's own
 * endpoint: how often the server died and was started again. Says nothing about any fault.
 */
export const LAB_DATABASE_RESTARTS = 'outage_lab_database_restarts_total';
