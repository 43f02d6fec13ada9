import { FIXED_MESSAGES, type ErrorBody, type ErrorCode } from '../../../shared/src/index.js';

/**
 * The one error type of Parley's rules and stores. Its message is written for
 * the person who sent the command; each edge translates it once.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    /** For UNAVAILABLE and RATE_LIMITED: how long the caller should wait before retrying. */
    readonly retryAfterMs?: number,
  ) {
    super(message ?? defaultMessage(code));
    this.name = 'DomainError';
  }

  toBody(): ErrorBody {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}

const defaultMessage = (code: ErrorCode): string =>
  (FIXED_MESSAGES as Partial<Record<ErrorCode, string>>)[code] ?? code;

/** The one answer for anything the caller may not see, whether or not it exists. */
export const notFound = (): DomainError => new DomainError('NOT_FOUND', FIXED_MESSAGES.NOT_FOUND);

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
