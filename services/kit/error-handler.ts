import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, ERROR_CODES } from './errors';

/** Unmatched routes end here: a 404 with a stable code. */
export const notFound: RequestHandler = (_req, _res, next) => {
  next(new AppError('ROUTE_NOT_FOUND'));
};

/**
 * The one place errors become responses. AppErrors keep their code and status; body-parser
 * errors become BAD_REQUEST / PAYLOAD_TOO_LARGE; anything else is INTERNAL and logged with its stack.
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const appError = toAppError(err);
  if (appError.status >= 500) req.log?.error({ err }, 'request failed');
  res.status(appError.status).json({
    error: {
      code: appError.code,
      message: appError.message,
      requestId: req.id,
      ...(appError.details !== undefined && appError.status < 500 ? { details: appError.details } : {}),
    },
  });
};

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const httpError = err as { status?: number; type?: string; expose?: boolean; message?: string };
  if (httpError?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (httpError?.status === 400 && httpError.expose) return new AppError('BAD_REQUEST', httpError.message);
  return new AppError('INTERNAL', ERROR_CODES.INTERNAL.message, undefined, { cause: err });
}
