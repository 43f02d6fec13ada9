import type { EventLog } from '../log/event-log.js';
import { DEFAULT_STORE_DEADLINES, type StoreDeadlines } from './store-deadlines.js';
import type { SqliteSynchronous } from './sqlite/pragmas.js';
import { GuardedEventLog } from './store-guard.js';

export interface OpenEventLogOptions {
  /** Where the SQLite file lives (created if missing); unused with PostgreSQL. */
  dataDir: string;
  /** A `postgres://` or `postgresql://` URL selects PostgreSQL. */
  databaseUrl?: string | undefined;
  /** The PostgreSQL schema holding Parley's tables; `public` by default (tests use a fresh one each). */
  postgresSchema?: string | undefined;
  /** Only benchmarks pass 'NORMAL'; everything else runs FULL. */
  sqliteSynchronous?: SqliteSynchronous | undefined;
  /** Limits on every store call (config.ts); past one the call answers UNAVAILABLE. */
  storeDeadlines?: StoreDeadlines | undefined;
  /** Errors of pooled connections, which the pool survives (logged by the caller). */
  onStoreError?: ((error: Error) => void) | undefined;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Opens the configured store: PostgreSQL for a postgres URL, else SQLite in dataDir. Only
 * the chosen adapter's modules load, which keeps a single node's cold start short.
 */
export const openEventLog = async (options: OpenEventLogOptions): Promise<GuardedEventLog> => {
  const deadlines = options.storeDeadlines ?? DEFAULT_STORE_DEADLINES;
  return new GuardedEventLog(await openStore(options, deadlines), deadlines);
};

const openStore = async (options: OpenEventLogOptions, deadlines: StoreDeadlines): Promise<EventLog> => {
  if (options.databaseUrl && POSTGRES_URL.test(options.databaseUrl)) {
    const { PostgresEventLog } = await import('./postgres/postgres-event-log.js');
    return PostgresEventLog.open({
      connectionString: options.databaseUrl,
      schema: options.postgresSchema ?? 'public',
      deadlines,
      ...(options.onStoreError ? { onIdleError: options.onStoreError } : {}),
    });
  }
  const { SqliteEventLog } = await import('./sqlite/sqlite-event-log.js');
  return SqliteEventLog.open({ dataDir: options.dataDir, synchronous: options.sqliteSynchronous ?? 'FULL' });
};
