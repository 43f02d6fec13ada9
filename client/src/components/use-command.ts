import { useCallback, useEffect, useRef, useState } from 'react';
import type { Command } from '../../../shared/src/commands.js';
import { outageKind, resendDelay, type OutageKind } from '../api/outage.js';
import type { ClientErrorCode, Outcome } from '../api/transport.js';
import { useTalks } from './talks-context.js';

// One command's life as the user sees it: pending, done or failed, and a retry
// that re-sends the SAME commandId, so the server answers it at most once.
// During an outage (the server cannot save, or cannot be reached) the command
// stays pending, "waiting for the server", and is sent again by itself, with the
// same commandId, once the server is back: nothing the user wrote is dropped.

export type CommandStatus =
  | { state: 'idle' }
  | { state: 'pending'; waiting?: OutageKind }
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

export interface CommandOptions {
  /**
   * Runs once the command succeeds, however it got there (first send, Retry, or a
   * resend after an outage): where a form clears its draft, so a retried send
   * leaves nothing behind to be sent twice.
   */
  onSuccess?: (result: unknown) => void;
}

export function useCommand(options: CommandOptions = {}): CommandHandle {
  const { send, status: connection } = useTalks();
  const [status, setStatus] = useState<CommandStatus>({ state: 'idle' });
  const last = useRef<{ command: Command; commandId: string } | null>(null);
  const onSuccess = useRef(options.onSuccess);
  const online = useServerBack(connection === 'online');
  // A later run, a reset or unmounting ends an earlier command's waiting.
  const generation = useRef(0);
  useEffect(() => {
    onSuccess.current = options.onSuccess;
  });
  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );

  const dispatch = useCallback(
    async (command: Command, commandId: string): Promise<Outcome> => {
      const mine = ++generation.current;
      const current = () => generation.current === mine;
      if (!online.isOnline()) {
        setStatus({ state: 'pending', waiting: 'no-answer' });
        await online.whenBack();
        if (!current()) return { ok: false, error: { code: 'NO_ANSWER', message: 'Not sent: abandoned.' } };
      }
      setStatus({ state: 'pending' });
      let outcome = await send(command, commandId);
      for (let attempt = 0; current(); attempt += 1) {
        const delay = resendDelay(outcome, attempt);
        if (delay === null) break;
        setStatus({ state: 'pending', waiting: outageKind(outcome) ?? 'no-answer' });
        await online.after(delay);
        if (!current()) break;
        outcome = await send(command, commandId);
      }
      if (!current() && resendDelay(outcome, 0) !== null) return outcome;
      setStatus(
        outcome.ok
          ? { state: 'done', result: outcome.result }
          : { state: 'failed', code: outcome.error.code, message: outcome.error.message },
      );
      if (outcome.ok) onSuccess.current?.(outcome.result);
      return outcome;
    },
    [send, online],
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

  const reset = useCallback(() => {
    generation.current += 1;
    setStatus({ state: 'idle' });
  }, []);

  return { status, run, retry, reset };
}

interface ServerBack {
  isOnline(): boolean;
  /** Resolves once the connection is live again (at once if it is). */
  whenBack(): Promise<void>;
  /** Waits `ms`, then until the connection is live. */
  after(ms: number): Promise<void>;
}

/** Lets a waiting command learn when the connection is live again, without re-rendering it. */
function useServerBack(isOnline: boolean): ServerBack {
  const online = useRef(isOnline);
  const waiters = useRef(new Set<() => void>());
  useEffect(() => {
    online.current = isOnline;
    if (!isOnline) return;
    const ready = [...waiters.current];
    waiters.current.clear();
    ready.forEach((resolve) => resolve());
  }, [isOnline]);
  const [back] = useState<ServerBack>(() => {
    const whenBack = () =>
      online.current ? Promise.resolve() : new Promise<void>((resolve) => waiters.current.add(resolve));
    return {
      isOnline: () => online.current,
      whenBack,
      after: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)).then(whenBack),
    };
  });
  return back;
}
