import express, { type Request, type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../services/kit/errors';
import type { Role, RoleResolver } from './roles';
import { clearedCookie, sessionCookie, sessionIdOf, type Session, type SessionStore } from './sessions';

/** A learner's name as typed at login: letters, digits, spaces, dots, dashes; it names their postmortem. */
export const LEARNER_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,39}$/u;

const loginSchema = z.object({
  token: z.string().min(1, 'the token is empty').max(512),
  name: z.string().trim().max(40).optional(),
});

/** Wrong tokens: at most this many a minute from one address. */
const FAILURES_PER_MINUTE = 10;

export function sessionOf(req: Request): Session | null {
  return (req as Request & { session?: Session | null }).session ?? null;
}

/** Reads the session cookie into req.session for the routes after it. */
export function loadSession(sessions: SessionStore): RequestHandler {
  return (req, _res, next) => {
    (req as Request & { session?: Session | null }).session = sessions.get(sessionIdOf(req.get('cookie')));
    next();
  };
}

/** 401 without a session; 403 (FORBIDDEN) when the session's role is not one of `roles`. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const session = sessionOf(req);
    if (!session) return next(new AppError('UNAUTHORIZED', 'Log in to the console first'));
    if (!roles.includes(session.role)) return next(new AppError('FORBIDDEN', `This needs the ${roles.join(' or ')} role`));
    next();
  };
}

/** POST /api/session (log in with a token), GET (who am I), DELETE (log out). */
export function authRouter(sessions: SessionStore, resolve: RoleResolver): Router {
  const router = express.Router();
  const failures = new Map<string, number[]>();

  router.post('/', (req, res) => {
    const ip = req.socket.remoteAddress ?? '';
    const recent = (failures.get(ip) ?? []).filter((t) => t > Date.now() - 60_000);
    if (recent.length >= FAILURES_PER_MINUTE) throw new AppError('TOO_MANY_REQUESTS');
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues[0]!.message);
    const role = resolve(parsed.data.token.trim());
    if (!role) {
      failures.set(ip, [...recent, Date.now()]);
      if (failures.size > 10_000) failures.clear();
      throw new AppError('UNAUTHORIZED', 'That token opens nothing here: check it with your instructor');
    }
    let learner: string | null = null;
    if (role === 'learner') {
      learner = parsed.data.name ?? '';
      if (!LEARNER_NAME.test(learner)) throw new AppError('VALIDATION_FAILED', 'Give your name (letters, digits, spaces, . _ -; up to 40): it names your postmortem');
    }
    sessions.delete(sessionIdOf(req.get('cookie')));
    const session = sessions.create(role, learner);
    res.setHeader('set-cookie', sessionCookie(session.id));
    res.json({ role, learner });
  });

  router.get('/', (req, res) => {
    const session = sessionOf(req);
    if (!session) throw new AppError('UNAUTHORIZED', 'Not logged in');
    res.json({ role: session.role, learner: session.learner });
  });

  router.delete('/', (req, res) => {
    sessions.delete(sessionIdOf(req.get('cookie')));
    res.setHeader('set-cookie', clearedCookie());
    res.json({ loggedOut: true });
  });
  return router;
}
