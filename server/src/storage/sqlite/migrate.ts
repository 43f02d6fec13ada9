import type { Database } from 'better-sqlite3';
import { pendingMigrations, type Migration } from '../migration.js';

/**
 * Brings the schema up to date inside one IMMEDIATE transaction, so two
 * processes opening the same file at once cannot both run a migration.
 */
export const migrateSqlite = (db: Database, migrations: readonly Migration[]): void => {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const applied = db.prepare<[], { version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  const run = db.transaction(() => {
    for (const migration of pendingMigrations(migrations, applied.get()?.version ?? 0)) {
      for (const statement of migration.statements) db.exec(statement);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  });
  run.immediate();
};
