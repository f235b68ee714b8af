import { UserError } from '../common/user-error';

/**
 * A DATABASE_URL the lab can use: postgres://user:password@host:port/database. Anything else is
 * refused in one line before anything starts (not `getaddrinfo ENOTFOUND base` from deep in pg).
 * The value is not repeated: it may hold a password.
 */
export function checkDatabaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError('DATABASE_URL (--database-url) is not a URL: give postgres://user:password@host:port/database, or leave it empty for the lab\'s own PostgreSQL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UserError(`DATABASE_URL (--database-url) is a ${url.protocol.replace(/:$/, '')} URL, not a PostgreSQL one: give postgres://user:password@host:port/database`);
  }
  if (!url.hostname) throw new UserError('DATABASE_URL (--database-url) names no host: give postgres://user:password@host:port/database');
  return value;
}
