/** The stable error codes of Parley's public interface (PROTOCOL.md). */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'AUTH_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
  'CONFLICT',
  'PHASE',
  'DISCLOSURE',
  'IDEMPOTENCY_CONFLICT',
  'RATE_LIMITED',
  'INVITE_INVALID',
  // The store cannot decide or save in time (an outage); the error says when to try again.
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** With `UNAVAILABLE` and `RATE_LIMITED`: how long to wait before sending again, in milliseconds. */
  retryAfterMs?: number;
}

/** HTTP status for each code, used by the HTTP edge only. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  AUTH_EXPIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  PAYLOAD_TOO_LARGE: 413,
  CONFLICT: 409,
  PHASE: 409,
  DISCLOSURE: 409,
  IDEMPOTENCY_CONFLICT: 409,
  RATE_LIMITED: 429,
  INVITE_INVALID: 400,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/**
 * Fixed wording for codes whose message must not vary with the situation:
 * "not found" must read the same whether the thing is absent or hidden.
 */
export const FIXED_MESSAGES = {
  NOT_FOUND: 'Not found.',
  INVITE_INVALID: 'This invite link is not valid: it may be mistyped, already used, revoked or expired.',
  UNAUTHENTICATED: 'Sign in first: the session token is missing or not valid.',
  AUTH_EXPIRED: 'The session has expired: refresh it or sign in again.',
  INTERNAL: 'Something went wrong on the server. Nothing was changed; try again.',
  UNAVAILABLE: 'The server cannot save right now. Try again shortly with the same commandId.',
} as const satisfies Partial<Record<ErrorCode, string>>;

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
