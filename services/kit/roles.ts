import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { AppError } from './errors';

/**
 * Who may do what on the admin API: the instructor's token opens everything; the learner's token
 * opens diagnosis and operations only. This is the one place a bearer token becomes a role.
 *
 * Only SHA-256 digests of the tokens are kept, so the tokens themselves are not in the process's
 * heap (a heap snapshot is one of the learners' tools). Every comparison hashes the presented
 * token and compares it with both digests in constant time, whatever the lengths.
 */
export type Role = 'instructor' | 'learner';

export interface RoleTokens {
  instructor?: string | undefined;
  learner?: string | undefined;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** A name learners may give with their actions (`x-learner`), as it is shown in the record. */
const LEARNER_NAME = /^[\p{L}\p{N} ._'-]{1,40}$/u;

export class Roles {
  private readonly instructor: Buffer | undefined;
  private readonly learner: Buffer | undefined;

  constructor(tokens: RoleTokens) {
    this.instructor = tokens.instructor ? digest(tokens.instructor) : undefined;
    this.learner = tokens.learner ? digest(tokens.learner) : undefined;
  }

  /** The role an Authorization header carries; UNAUTHORIZED when it carries none or a wrong one. */
  roleOf(authorization: string | undefined): Role {
    const match = BEARER.exec(authorization ?? '');
    if (!match) throw new AppError('UNAUTHORIZED');
    const presented = digest(match[1]!);
    // Both comparisons always run: the time taken does not tell which token was close.
    const instructor = this.instructor !== undefined && timingSafeEqual(presented, this.instructor);
    const learner = this.learner !== undefined && timingSafeEqual(presented, this.learner);
    if (instructor) return 'instructor';
    if (learner) return 'learner';
    throw new AppError('UNAUTHORIZED');
  }
}

/** What a request was authorised as, for handlers that log who acted. */
export interface Actor {
  role: Role;
  /** The learner's name when given (`x-learner` header). */
  name?: string;
}

/**
 * Guards a router: no or a wrong token is 401; a learner's token where the instructor's is needed is
 * 403 INSTRUCTOR_ONLY. Sets `res.locals.actor`.
 */
export function requireRole(roles: Roles, needed: Role): RequestHandler {
  return (req, res, next) => {
    try {
      const role = roles.roleOf(req.get('authorization'));
      if (needed === 'instructor' && role !== 'instructor') throw new AppError('INSTRUCTOR_ONLY');
      res.locals.actor = actorOf(req, role);
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function actorOf(req: Request, role: Role): Actor {
  const name = req.get('x-learner')?.trim();
  return { role, ...(name && LEARNER_NAME.test(name) ? { name } : {}) };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
