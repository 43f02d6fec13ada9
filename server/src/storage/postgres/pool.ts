import pg from 'pg';
import { DEFAULT_STORE_DEADLINES, type StoreDeadlines } from '../store-deadlines.js';

export interface ParleyPoolOptions {
  connectionString: string;
  /** Startup `options` (search_path, synchronous_commit), set before the first query of each session. */
  options?: string;
  max: number;
  deadlines?: StoreDeadlines | undefined;
  /** Every connection error, idle or checked out; never thrown. */
  onError: (error: Error) => void;
  /** Shows in pg_stat_activity, so an operator can tell the store's sessions from the fan-out's. */
  applicationName: string;
}

/**
 * [FLT1] A pg pool that no database fault can turn into a crash, with a limit on
 * connecting and on every query. node-postgres emits `error` on a client whose
 * connection breaks; with no listener that is an uncaught exception that ends the
 * process. The pool listens on idle clients only, so every client gets a listener
 * of its own for its whole life (checked out included): the query in flight
 * rejects, the caller answers UNAVAILABLE, and the broken client is destroyed on
 * release. The database's own limits end work the client stopped waiting for
 * (statement_timeout), and free the locks of a transaction whose client vanished
 * behind a network cut (idle_in_transaction_session_timeout).
 */
export const createParleyPool = (options: ParleyPoolOptions): pg.Pool => {
  const deadlines = options.deadlines ?? DEFAULT_STORE_DEADLINES;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    ...(options.options ? { options: options.options } : {}),
    application_name: options.applicationName,
    connectionTimeoutMillis: deadlines.connectMs,
    query_timeout: deadlines.queryMs,
    statement_timeout: deadlines.queryMs,
    idle_in_transaction_session_timeout: Math.max(deadlines.commitMs, deadlines.queryMs) * 2,
    // A cut that drops packets silently shows up on idle connections too.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  pool.on('error', (error) => options.onError(error));
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onError(error));
  });
  return pool;
};
