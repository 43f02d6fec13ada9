import type { Logger } from 'pino';
import type { EventLog } from '../log/event-log.js';
import { storeFaultReason } from './store-fault.js';
import type { StoreHealth } from './store-health.js';

export interface WaitForStoreOptions {
  open: () => Promise<EventLog>;
  /** Give up after this long (0: one attempt only). */
  limitMs: number;
  logger: Pick<Logger, 'warn' | 'info'>;
  health: StoreHealth;
  /** First pause between attempts; doubles up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * [FLT5] Opens the store, waiting for it while it is away (a database still
 * starting, restarting or unreachable; a disk full): each attempt is logged with
 * its reason and /health answers 503 with it meanwhile, attempts back off, and
 * after `limitMs` the last error is thrown. An error that waiting cannot cure (a
 * refused password, a missing database, a schema newer than this Parley) is
 * thrown at once.
 */
export async function waitForStore(options: WaitForStoreOptions): Promise<EventLog> {
  const started = Date.now();
  let delay = options.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const log = await options.open();
      if (attempt > 1) options.logger.info({ attempt }, 'the store is reachable: starting');
      return log;
    } catch (error) {
      const reason = storeFaultReason(error);
      const waited = Date.now() - started;
      if (reason === undefined || waited + delay > options.limitMs) throw error;
      options.health.waiting(`waiting for the store: ${reason}`);
      options.logger.warn(
        { err: error, attempt, reason, retryInMs: delay, waitedMs: waited, limitMs: options.limitMs },
        'the store is not reachable yet; waiting',
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 10_000);
    }
  }
}
