import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEventLog } from '../../server/src/storage/open-event-log.js';
import { assertSynchronous } from '../../server/src/storage/sqlite/pragmas.js';
import { SQLITE_MIGRATIONS } from '../../server/src/storage/sqlite/migrations.js';
import { SQLITE_FILE_NAME, SqliteEventLog } from '../../server/src/storage/sqlite/sqlite-event-log.js';
import { newEvent, newTalksId } from '../log/new-event.js';

describe('SQLite durability and schema', () => {
  let dataDir: string;
  const file = () => join(dataDir, SQLITE_FILE_NAME);

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('[LOG8] opens with synchronous FULL, read back from SQLite, in WAL mode', async () => {
    const log = await SqliteEventLog.open({ dataDir: join(dataDir, 'nested', 'data') });
    expect(log.synchronous()).toBe('FULL');
    await log.close();
    const db = new Database(join(dataDir, 'nested', 'data', SQLITE_FILE_NAME), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('[LOG8] refuses a connection whose synchronous level is not FULL', () => {
    const db = new Database(file());
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    expect(() => assertSynchronous(db, 'FULL')).toThrow(
      /synchronous is NORMAL, expected FULL: refusing to open/,
    );
    db.close();
  });

  it('[LOG8] runs at NORMAL only when a benchmark asks for it by name', async () => {
    const benchmark = await SqliteEventLog.open({ dataDir, synchronous: 'NORMAL' });
    expect(benchmark.synchronous()).toBe('NORMAL');
    await benchmark.close();
    const regular = await openEventLog({ dataDir });
    expect(regular.store).toBeInstanceOf(SqliteEventLog);
    expect((regular.store as SqliteEventLog).synchronous()).toBe('FULL');
    await regular.close();
  });

  it('records each migration once, however often the file is opened', async () => {
    await (await SqliteEventLog.open({ dataDir })).close();
    await (await SqliteEventLog.open({ dataDir })).close();
    const db = new Database(file(), { readonly: true });
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    db.close();
    expect(versions).toEqual(SQLITE_MIGRATIONS.map((migration) => migration.version));
  });

  it('refuses a file written by a newer schema version', async () => {
    await (await SqliteEventLog.open({ dataDir })).close();
    const db = new Database(file());
    db.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'later')",
    ).run();
    db.close();
    await expect(SqliteEventLog.open({ dataDir })).rejects.toThrow(/newer than this Parley knows/);
  });

  it('selects SQLite for anything but a postgres URL', async () => {
    const log = await openEventLog({ dataDir, databaseUrl: '' });
    expect(log.store).toBeInstanceOf(SqliteEventLog);
    await log.close();
  });

  it('copies the WAL into the database file from the checkpointer thread while the log stays open', async () => {
    // Far below the writer's autocheckpoint: only the checkpointer moves these pages.
    const log = await SqliteEventLog.open({ dataDir });
    try {
      const talksId = newTalksId();
      const canary = `checkpointed-${talksId}`;
      await log.append({ talksId, expectedSeq: 0, events: [newEvent('joint', canary)] });
      await vi.waitFor(async () => expect((await readFile(file())).includes(canary)).toBe(true), {
        timeout: 10_000,
        interval: 100,
      });
      // Appends go on after a checkpoint, on a WAL the writer restarted.
      await log.append({ talksId, expectedSeq: 1, events: [newEvent('joint')] });
      expect((await log.read(talksId, 0)).map((event) => event.seq)).toEqual([1, 2]);
    } finally {
      await log.close();
    }
  });
});
