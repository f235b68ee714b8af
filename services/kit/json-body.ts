import type { RequestHandler } from 'express';
import { AppError } from './errors';

/**
 * Refuses a request body that is not JSON with 415, before any handler reads it. Without it a
 * PUT with `content-type: text/plain` reached the handler with no parsed body and was taken for
 * "no parameters" (a fault switched on with its defaults). A request without a body passes.
 * Mount it after the auth guard, so an unauthenticated caller learns nothing more than 401.
 */
export function jsonBodyOnly(): RequestHandler {
  return (req, _res, next) => {
    if (!hasBody(req.headers) || req.is(['application/json', '+json'])) {
      next();
      return;
    }
    const type = req.get('content-type');
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', `The request body must be JSON (content-type: application/json), not ${type ? `"${type}"` : 'a body without a content-type'}`));
  };
}

/** As type-is's hasBody: a body is announced by Transfer-Encoding or a non-zero Content-Length. */
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}
