import pino, { type Logger } from 'pino';

/** JSON logs on stdout, one object a line; the level comes from LOG_LEVEL (default info). */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization'], censor: '[redacted]' },
  });
}
