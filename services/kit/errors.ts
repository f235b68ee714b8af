/**
 * Every error a service answers with: a stable code, its HTTP status and a default message, in one place.
 * Response bodies are `{ "error": { "code", "message", "requestId", "details"? } }`.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, message: 'The request is not valid' },
  VALIDATION_FAILED: { status: 400, message: 'The request parameters are not valid' },
  UNAUTHORIZED: { status: 401, message: 'A valid bearer token is required' },
  FORBIDDEN: { status: 403, message: 'Your role does not allow this' },
  CROSS_SITE: { status: 403, message: 'Refused: the request did not come from this console' },
  INSTRUCTOR_ONLY: { status: 403, message: "This needs the instructor's token; the learner's token opens diagnosis and operations only" },
  HINT_NOT_RELEASED: { status: 403, message: 'The instructor has not released this hint yet' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  SERVICE_NOT_FOUND: { status: 404, message: 'No such service' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route' },
  FEATURE_DISABLED: { status: 404, message: 'This feature is not enabled' },
  RELEASE_NOT_FOUND: { status: 404, message: 'No such release' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state' },
  SNAPSHOT_IN_PROGRESS: { status: 409, message: 'A heap snapshot is already being taken; try again when it is done' },
  PROFILE_IN_PROGRESS: { status: 409, message: 'A CPU profile is already being recorded; try again when it is done' },
  NOTHING_TO_ROLL_BACK: { status: 409, message: 'There is no earlier release to roll back to' },
  LEASE_NOT_HELD: { status: 409, message: 'Nothing holds a lease to renew' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The request body must be JSON (content-type: application/json)' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many attempts; wait a minute and try again' },
  // nginx's status for a client that hung up before the answer: nobody reads it, the metrics count it.
  CLIENT_CLOSED_REQUEST: { status: 499, message: 'The client closed the connection before the response' },
  INTERNAL: { status: 500, message: 'Internal error' },
  NOT_AVAILABLE: { status: 501, message: 'This lab does not offer that yet' },
  UPSTREAM_FAILED: { status: 502, message: 'A dependency answered with an error' },
  DB_UNAVAILABLE: { status: 503, message: 'The database is unavailable' },
  RESTART_FAILED: { status: 503, message: 'The service did not start again; the running process keeps serving' },
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
