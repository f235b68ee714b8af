import express, { type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../../services/kit/errors';
import { searchLogs } from './log-search';

const querySchema = z.object({
  service: z.string().max(64).optional(),
  level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).optional(),
  route: z.string().max(200).optional(),
  status: z.string().regex(/^([1-5]\d\d|[1-5]xx)$/i, 'status is a code such as 503, or a class such as 5xx').optional(),
  text: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});

/** GET /api/logs?service=&level=&route=&status=&text=&limit= */
export function logRouter(logDir: string, services: () => string[]): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    const parsed = querySchema.safeParse(Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== '')));
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const known = services();
    if (parsed.data.service && !known.includes(parsed.data.service)) throw new AppError('VALIDATION_FAILED', `unknown service; the lab runs ${known.join(', ')}`);
    res.json(await searchLogs(logDir, known, parsed.data));
  });
  return router;
}
