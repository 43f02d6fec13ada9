import type pg from 'pg';
import { pendingMigrations, type Migration } from '../migration.js';

/**
 * Brings `schema` up to date. A session-level advisory lock keyed by the schema
 * makes concurrent openers (several nodes starting at once) take turns; each
 * migration commits in its own transaction with its schema_migrations row.
 */
export const migratePostgres = async (
  pool: pg.Pool,
  schema: string,
  migrations: readonly Migration[],
): Promise<void> => {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`parley.migrations:${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(schema)}.schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const applied = await client.query<{ version: number | null }>(
        `SELECT max(version) AS version FROM ${quoteIdentifier(schema)}.schema_migrations`,
      );
      for (const migration of pendingMigrations(migrations, applied.rows[0]?.version ?? 0)) {
        await runMigration(client, schema, migration);
      }
      // [FLT3] What /health writes to prove the store commits; no talks data, so not a numbered migration.
      await client.query(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(schema)}.parley_heartbeat (
        node TEXT PRIMARY KEY,
        beat_at TIMESTAMPTZ NOT NULL
      )`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`parley.migrations:${schema}`]);
    }
  } finally {
    client.release();
  }
};

const runMigration = async (client: pg.PoolClient, schema: string, migration: Migration): Promise<void> => {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL search_path TO ${quoteIdentifier(schema)}`);
    for (const statement of migration.statements) await client.query(statement);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
      migration.version,
      migration.name,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names are limited to plain lower-case identifiers, so quoting is the only escaping needed. */
export const quoteIdentifier = (name: string): string => {
  if (!SCHEMA_NAME.test(name)) throw new Error(`invalid PostgreSQL schema name: ${JSON.stringify(name)}`);
  return `"${name}"`;
};
