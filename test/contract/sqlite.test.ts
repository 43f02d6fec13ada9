import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventLog } from '../../server/src/log/event-log.js';
import { SQLITE_FILE_NAME, SqliteEventLog } from '../../server/src/storage/sqlite/sqlite-event-log.js';
import { eventLogContract, type LogHarness } from './event-log-contract.js';

const makeSqliteLog = async (): Promise<LogHarness> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-log-'));
  const opened: EventLog[] = [];
  const open = async () => {
    const log = await SqliteEventLog.open({ dataDir });
    opened.push(log);
    return log;
  };
  // The tamperer opens its own connection for each edit, as someone with the file would.
  const edit = (sql: string, ...params: (string | number)[]): Promise<void> => {
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
    return Promise.resolve();
  };
  return {
    log: await open(),
    openAnother: open,
    tamper: {
      setBody: (talksId, seq, body) =>
        edit('UPDATE events SET body = ? WHERE talks_id = ? AND seq = ?', body, talksId, seq),
      deleteEvent: (talksId, seq) => edit('DELETE FROM events WHERE talks_id = ? AND seq = ?', talksId, seq),
    },
    cleanup: async () => {
      for (const log of opened) await log.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

eventLogContract('SQLite', makeSqliteLog);
