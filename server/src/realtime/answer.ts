import { FIXED_MESSAGES, type Ack, type ErrorBody, type ErrorCode } from '../../../shared/src/index.js';
import { isDomainError } from '../talks/domain-error.js';

/** Turns any thrown value into the error half of an acknowledgement; internals never leak. */
export function errorBody(error: unknown): ErrorBody {
  if (isDomainError(error)) return error.toBody();
  return { code: 'INTERNAL', message: FIXED_MESSAGES.INTERNAL };
}

export const failure = (code: ErrorCode, message: string): Ack<never> => ({ ok: false, error: { code, message } });

/** Acknowledgement callbacks come from the client: call one only if it is a function. */
export function ackOf<T>(candidate: unknown): (answer: Ack<T>) => void {
  return typeof candidate === 'function' ? (candidate as (answer: Ack<T>) => void) : () => undefined;
}

/** Size of a decoded client message as JSON, in bytes (what the 64 KiB limit counts). */
export function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
