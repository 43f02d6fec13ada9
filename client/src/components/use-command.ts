import { useCallback, useRef, useState } from 'react';
import type { Command } from '../../../shared/src/commands.js';
import type { ClientErrorCode, Outcome } from '../api/transport.js';
import { useTalks } from './talks-context.js';

// One command's life as the user sees it: pending, done or failed, and a retry
// that re-sends the SAME commandId, so the server answers it at most once.

export type CommandStatus =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'done'; result: unknown }
  | { state: 'failed'; code: ClientErrorCode; message: string };

/**
 * Whether sending the same command again can succeed: only when the answer was lost or
 * the server was busy. A refusal (PHASE, FORBIDDEN, DISCLOSURE, INVALID_INPUT, NOT_FOUND,
 * CONFLICT...) answers the same every time, so it is offered no Retry.
 */
const RETRYABLE: ReadonlySet<string> = new Set(['NO_ANSWER', 'NETWORK', 'INTERNAL', 'RATE_LIMITED', 'UNAVAILABLE', 'AUTH_EXPIRED']);
export const isRetryable = (code: string): boolean => RETRYABLE.has(code);

export interface CommandHandle {
  status: CommandStatus;
  run: (command: Command) => Promise<Outcome>;
  retry: () => Promise<Outcome>;
  reset: () => void;
}

export function useCommand(): CommandHandle {
  const { send } = useTalks();
  const [status, setStatus] = useState<CommandStatus>({ state: 'idle' });
  const last = useRef<{ command: Command; commandId: string } | null>(null);

  const dispatch = useCallback(
    async (command: Command, commandId: string): Promise<Outcome> => {
      setStatus({ state: 'pending' });
      const outcome = await send(command, commandId);
      setStatus(
        outcome.ok
          ? { state: 'done', result: outcome.result }
          : { state: 'failed', code: outcome.error.code, message: outcome.error.message },
      );
      return outcome;
    },
    [send],
  );

  const run = useCallback(
    (command: Command) => {
      const commandId = crypto.randomUUID();
      last.current = { command, commandId };
      return dispatch(command, commandId);
    },
    [dispatch],
  );

  const retry = useCallback(() => {
    const previous = last.current;
    if (!previous)
      return Promise.resolve<Outcome>({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'Nothing to retry.' },
      });
    return dispatch(previous.command, previous.commandId);
  }, [dispatch]);

  const reset = useCallback(() => setStatus({ state: 'idle' }), []);

  return { status, run, retry, reset };
}
