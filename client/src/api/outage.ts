import type { Outcome } from './transport.js';

// When a command's failure is an outage (the server cannot save right now, or never
// answered), the same command is sent again by itself: its commandId makes that safe.
// Everything else is an answer about the command itself and is shown as it is.

/** Why a command is waiting to be sent again. */
export type OutageKind = 'unavailable' | 'no-answer';

const DEFAULT_RETRY_AFTER_MS = 2_000;
const MIN_WAIT_MS = 250;
const MAX_WAIT_MS = 60_000;
const NO_ANSWER_FIRST_WAIT_MS = 1_000;
const NO_ANSWER_MAX_WAIT_MS = 10_000;

export function outageKind(outcome: Outcome): OutageKind | null {
  if (outcome.ok) return null;
  if (outcome.error.code === 'UNAVAILABLE') return 'unavailable';
  if (outcome.error.code === 'NO_ANSWER') return 'no-answer';
  return null;
}

/**
 * How long to wait before sending the same command again, or null when the failure
 * is not an outage. The server's `retryAfterMs` is honoured (within sane bounds, so a
 * bad value neither floods the server nor stalls the draft); an unanswered command
 * backs off from one to ten seconds.
 */
export function resendDelay(outcome: Outcome, attempt: number): number | null {
  const kind = outageKind(outcome);
  if (kind === null || outcome.ok) return null;
  if (kind === 'unavailable') {
    const asked = outcome.error.retryAfterMs;
    const wait = typeof asked === 'number' && Number.isFinite(asked) ? asked : DEFAULT_RETRY_AFTER_MS;
    return Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, wait));
  }
  return Math.min(NO_ANSWER_MAX_WAIT_MS, NO_ANSWER_FIRST_WAIT_MS * 2 ** Math.min(attempt, 10));
}
