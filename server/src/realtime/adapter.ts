import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { Config } from '../config.js';
import { fanoutOf } from './fanout.js';
import type { ParleyServer } from './types.js';

/** How often the fan-out's listening connection is asked whether it still answers. */
const LISTENER_CHECK_MS = 5_000;
/** The longest wait between two attempts to listen again. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Connects this node to the others through the Socket.IO PostgreSQL or Redis adapter
 * (PARLEY_FANOUT). Only pointers (talks id and seq) and presence ids travel through
 * it: see fanout.ts. Returns the function that closes its connections. The adapters and
 * their clients load only when chosen: a single node on SQLite starts without them.
 *
 * [FLT1] No fault of the fan-out's connections ends the process: every client
 * handles its errors (pool.ts), the listening connection is checked every few
 * seconds and replaced with backoff when it broke or went silent, and after any
 * such gap the fan-out catches this node's sockets up from the store (fanout.ts).
 */
export async function attachClusterAdapter(
  io: ParleyServer,
  config: Config,
  logger: FastifyBaseLogger,
): Promise<() => Promise<void>> {
  const resync = (why: string) => {
    logger.info({ why }, 'fan-out: catching sockets up from the store');
    fanoutOf(io)?.resync();
  };
  switch (config.fanout) {
    case 'local':
      return () => Promise.resolve();
    case 'postgres': {
      if (!config.databaseUrl) throw new Error('PARLEY_FANOUT=postgres needs DATABASE_URL.');
      const [{ createParleyPool }, { createAdapter: createPostgresAdapter }] = await Promise.all([
        import('../storage/postgres/pool.js'),
        import('@socket.io/postgres-adapter'),
      ]);
      const pool = createParleyPool({
        connectionString: config.databaseUrl,
        max: 4,
        ...(config.postgresSchema ? { options: `-c search_path=${config.postgresSchema}` } : {}),
        deadlines: config.storeDeadlines,
        onError: (error) => logger.warn({ err: error }, 'fan-out: a database connection failed'),
        applicationName: 'parley-fanout',
      });
      const listener = watchListener(pool, logger, resync);
      // The adapter parks payloads over its threshold in this table; ours are pointers, far below it.
      await pool
        .query(
          `CREATE TABLE IF NOT EXISTS socket_io_attachments (
           id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`,
        )
        .catch((error: unknown) => logger.warn({ err: error }, 'fan-out: could not create its attachments table'));
      io.adapter(
        createPostgresAdapter(pool, {
          channelPrefix: 'parley',
          errorHandler: (error: Error) => logger.warn({ err: error }, 'fan-out: publishing failed'),
        }),
      );
      return async () => {
        listener.stop();
        await pool.end();
      };
    }
    case 'redis': {
      const [{ createClient }, { createAdapter: createRedisAdapter }] = await Promise.all([
        import('redis'),
        import('@socket.io/redis-adapter'),
      ]);
      const pub = createClient({
        url: config.redisUrl,
        socket: { reconnectStrategy: (retries) => Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(retries, 9)) },
      });
      const sub = pub.duplicate();
      for (const client of [pub, sub]) {
        client.on('error', (error: unknown) => logger.warn({ err: error }, 'fan-out: Redis connection failed'));
      }
      // Subscriptions lost while Redis was away: the sockets' events come from the store.
      sub.on('ready', () => resync('Redis connection (re)established'));
      await Promise.all([pub.connect(), sub.connect()]);
      io.adapter(createRedisAdapter(pub, sub, { key: 'parley' }));
      return async () => {
        await Promise.allSettled([pub.quit(), sub.quit()]);
      };
    }
  }
}

/**
 * The PostgreSQL adapter takes ONE client from the pool for LISTEN and keeps it;
 * when that connection ends it takes another after ~2 s, but never gives the
 * dead one back (each reconnection would leak a pool slot) and never notices a
 * connection that went silent (a network cut drops packets without closing).
 * This hooks the pool's promise-style connect, which only the listener uses:
 * each listening client is released from the pool when it ends, asked every few
 * seconds whether it answers (and cut if not, so the adapter listens again),
 * and attempts back off while the database stays away.
 */
function watchListener(pool: pg.Pool, logger: FastifyBaseLogger, resync: (why: string) => void): { stop(): void } {
  const connect = pool.connect.bind(pool) as (callback?: unknown) => unknown;
  let failures = 0;
  let stopped = false;
  let listened = false;
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const watch = (client: pg.PoolClient): void => {
    const check = setInterval(() => {
      client.query('SELECT 1').catch((error: unknown) => {
        logger.warn({ err: error }, 'fan-out: the listening connection stopped answering; listening again');
        (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      });
    }, LISTENER_CHECK_MS);
    timers.add(check);
    client.once('end', () => {
      clearInterval(check);
      timers.delete(check);
      try {
        client.release(new Error('the listening connection ended'));
      } catch {
        // Already released by the adapter's close.
      }
      if (!stopped) logger.warn('fan-out: the listening connection ended; listening again');
    });
  };

  (pool as unknown as { connect: (callback?: unknown) => unknown }).connect = (callback?: unknown) => {
    if (callback !== undefined || stopped) return connect(callback);
    return (async () => {
      if (failures > 0) await wait(Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(failures, 7)));
      try {
        const client = (await connect()) as pg.PoolClient;
        failures = 0;
        watch(client);
        if (listened) {
          // The adapter issues LISTEN right after this resolves; catch up once it has.
          const timer = setTimeout(() => resync('the fan-out listens again after a gap'), 500);
          timers.add(timer);
        }
        listened = true;
        return client;
      } catch (error) {
        failures += 1;
        logger.warn({ err: error, attempt: failures }, 'fan-out: cannot listen yet; trying again');
        throw error;
      }
    })();
  };
  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
