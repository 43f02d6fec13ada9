import { openSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { buildApp, type ParleyApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import type { EventLog } from '../server/src/log/event-log.js';
import { openEventLog } from '../server/src/storage/open-event-log.js';
import { timedLog, type StoreTimings } from './timed-log.js';

// Parley as the benchmark runs it: the real app (authentication, validation,
// durable hash-chained append, audience fan-out) with its per-command log lines
// written, like in production, but to /dev/null.

export interface ParleyTargetOptions {
  dataDir: string;
  synchronous?: 'FULL' | 'NORMAL';
  /** PostgreSQL store (and fan-out between nodes) instead of SQLite. */
  databaseUrl?: string;
  postgresSchema?: string;
  fanout?: 'local' | 'postgres';
  /** Keep log lines (tests search them); otherwise they go to /dev/null. */
  logStream?: NodeJS.WritableStream;
  /**
   * Keep the per-address budgets on. The other measures connect thousands of simulated
   * members from the one loopback address, which a real deployment never sees from one
   * client, so they turn them off; the abuse run keeps the production defaults.
   */
  addressBudgets?: boolean;
}

export interface RunningParley {
  url: string;
  port: number;
  app: ParleyApp;
  log: EventLog;
  /** Latencies of the store calls on the command path since the last reset. */
  storeTimings: () => StoreTimings;
  resetStoreTimings: () => void;
  close(): Promise<void>;
}

export async function startParley(options: ParleyTargetOptions): Promise<RunningParley> {
  const config = loadConfig({
    PARLEY_DATA_DIR: options.dataDir,
    PARLEY_LOG_LEVEL: 'info',
    // Long enough that no socket is cut off mid-run.
    PARLEY_SESSION_TTL_SECONDS: '86400',
    PARLEY_REFRESH_TTL_SECONDS: '86400',
    PARLEY_SQLITE_SYNCHRONOUS: options.synchronous ?? 'FULL',
    ...(options.addressBudgets ? {} : { PARLEY_ADDRESS_BUDGET_FACTOR: '0' }),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, PARLEY_FANOUT: options.fanout ?? 'local' } : {}),
  });
  const store = await openEventLog({ ...config, postgresSchema: options.postgresSchema });
  const timed = timedLog(store);
  const log = timed.log;
  const app = await buildApp({ config, log, logStream: options.logStream ?? devNull() });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.http.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    log,
    storeTimings: timed.timings,
    resetStoreTimings: timed.reset,
    close: async () => {
      await app.close();
      await log.close();
    },
  };
}

/** Like pino's default stdout destination (a synchronous write per line), into /dev/null. */
function devNull(): Writable {
  const fd = openSync('/dev/null', 'w');
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      writeSync(fd, chunk);
      done();
    },
  });
}
