/**
 * Every error a service answers with: a stable code, its HTTP status and a default message, in one place.
 * Response bodies are `{ "error": { "code", "message", "requestId", "details"? } }`.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, message: 'The request is not valid' },
  VALIDATION_FAILED: { status: 400, message: 'The request parameters are not valid' },
  UNAUTHORIZED: { status: 401, message: 'A valid bearer token is required' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route' },
  FAULT_NOT_FOUND: { status: 404, message: 'No such fault' },
  FEATURE_DISABLED: { status: 404, message: 'This feature is not enabled' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state' },
  SNAPSHOT_IN_PROGRESS: { status: 409, message: 'A heap snapshot is already being taken; try again when it is done' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  // nginx's status for a client that hung up before the answer: nobody reads it, the metrics count it.
  CLIENT_CLOSED_REQUEST: { status: 499, message: 'The client closed the connection before the response' },
  INTERNAL: { status: 500, message: 'Internal error' },
  UPSTREAM_FAILED: { status: 502, message: 'A dependency answered with an error' },
  DB_UNAVAILABLE: { status: 503, message: 'The database is unavailable' },
  DB_TIMEOUT: { status: 503, message: 'The database did not answer in time' },
  OVERLOADED: { status: 503, message: 'The service is overloaded; try again shortly' },
  SHUTTING_DOWN: { status: 503, message: 'The service is shutting down' },
  UPSTREAM_TIMEOUT: { status: 504, message: 'A dependency did not answer in time' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code].message,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}
