import type { RequestHandler } from 'express';
import { AppError } from '../../services/kit/errors';

/**
 * Scripts, styles, images and calls from this origin only: no inline script or style, no eval,
 * no framing. Charts and the flame graph style their elements through the CSSOM, which this allows.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('content-security-policy', CONSOLE_CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  next();
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery: besides the SameSite=Strict cookie, a request that changes anything
 * must say it comes from this very origin (the Origin header browsers send with every POST, PUT
 * and DELETE; else Sec-Fetch-Site). A form on another site, or a script there, is refused.
 */
export const sameOriginOnly: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.get('origin');
  const host = req.get('host');
  if (origin !== undefined) {
    if (host && origin === `${req.protocol}://${host}`) return next();
    return next(new AppError('CROSS_SITE'));
  }
  if (req.get('sec-fetch-site') === 'same-origin') return next();
  next(new AppError('CROSS_SITE', 'Refused: a request that changes something must carry this console\'s Origin header'));
};
