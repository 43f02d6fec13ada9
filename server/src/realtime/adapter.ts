import type { Config } from '../config.js';
import type { ParleyServer } from './types.js';

/**
 * Connects this node to the others through the Socket.IO PostgreSQL or Redis adapter
 * (PARLEY_FANOUT). Only pointers (talks id and seq) and presence ids travel through
 * it: see fanout.ts. Returns the function that closes its connections. The adapters and
 * their clients load only when chosen: a single node on SQLite starts without them.
 */
export async function attachClusterAdapter(io: ParleyServer, config: Config): Promise<() => Promise<void>> {
  switch (config.fanout) {
    case 'local':
      return () => Promise.resolve();
    case 'postgres': {
      if (!config.databaseUrl) throw new Error('PARLEY_FANOUT=postgres needs DATABASE_URL.');
      const [{ default: pg }, { createAdapter: createPostgresAdapter }] = await Promise.all([
        import('pg'),
        import('@socket.io/postgres-adapter'),
      ]);
      const pool = new pg.Pool({
        connectionString: config.databaseUrl,
        max: 4,
        ...(config.postgresSchema ? { options: `-c search_path=${config.postgresSchema}` } : {}),
      });
      // The adapter parks payloads over its threshold in this table; ours are pointers, far below it.
      await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
        id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`);
      io.adapter(createPostgresAdapter(pool, { channelPrefix: 'parley' }));
      return () => pool.end();
    }
    case 'redis': {
      const [{ createClient }, { createAdapter: createRedisAdapter }] = await Promise.all([
        import('redis'),
        import('@socket.io/redis-adapter'),
      ]);
      const pub = createClient({ url: config.redisUrl });
      const sub = pub.duplicate();
      await Promise.all([pub.connect(), sub.connect()]);
      io.adapter(createRedisAdapter(pub, sub, { key: 'parley' }));
      return async () => {
        await Promise.allSettled([pub.quit(), sub.quit()]);
      };
    }
  }
}
