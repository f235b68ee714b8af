import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from './errors';

/**
 * Bearer-token guard for the lab's admin API. Both sides are hashed first so the comparison is
 * constant-time whatever the lengths. With no token configured the admin API refuses everyone.
 */
export function requireAdminToken(expected: string | undefined): RequestHandler {
  const expectedDigest = expected ? digest(expected) : undefined;
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!expectedDigest || !match || !timingSafeEqual(digest(match[1]!), expectedDigest)) {
      next(new AppError('UNAUTHORIZED'));
      return;
    }
    next();
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
