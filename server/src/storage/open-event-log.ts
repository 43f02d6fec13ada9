import type { EventLog } from '../log/event-log.js';
import type { SqliteSynchronous } from './sqlite/pragmas.js';

export interface OpenEventLogOptions {
  /** Where the SQLite file lives (created if missing); unused with PostgreSQL. */
  dataDir: string;
  /** A `postgres://` or `postgresql://` URL selects PostgreSQL. */
  databaseUrl?: string | undefined;
  /** The PostgreSQL schema holding Parley's tables; `public` by default (tests use a fresh one each). */
  postgresSchema?: string | undefined;
  /** Only benchmarks pass 'NORMAL'; everything else runs FULL. */
  sqliteSynchronous?: SqliteSynchronous | undefined;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Opens the configured store: PostgreSQL for a postgres URL, else SQLite in dataDir. Only
 * the chosen adapter's modules load, which keeps a single node's cold start short.
 */
export const openEventLog = async (options: OpenEventLogOptions): Promise<EventLog> => {
  if (options.databaseUrl && POSTGRES_URL.test(options.databaseUrl)) {
    const { PostgresEventLog } = await import('./postgres/postgres-event-log.js');
    return PostgresEventLog.open({ connectionString: options.databaseUrl, schema: options.postgresSchema ?? 'public' });
  }
  const { SqliteEventLog } = await import('./sqlite/sqlite-event-log.js');
  return SqliteEventLog.open({ dataDir: options.dataDir, synchronous: options.sqliteSynchronous ?? 'FULL' });
};
