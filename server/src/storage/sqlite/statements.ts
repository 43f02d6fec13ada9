import type { Database } from 'better-sqlite3';
import type { CommandRow, EventRow } from '../rows.js';

/** A row of EVENT_COLUMNS in raw mode. */
export type EntryTuple = [
  seq: number,
  audience: string,
  aseq: number,
  body: string,
  prevHash: string,
  hash: string,
];

const EVENT_COLUMNS = 'seq, audience, aseq, body, prev_hash, hash';

const findCommand = (db: Database) =>
  db.prepare<[string, string], CommandRow>(
    'SELECT command_id, fingerprint, result FROM commands WHERE talks_id = ? AND command_id = ?',
  );

const head = (db: Database) =>
  db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM talks_heads WHERE talks_id = ?');

/** The statements of the main thread's connection: reads only (the writer thread owns the writes). */
export const prepareReadStatements = (db: Database) => ({
  findCommand: findCommand(db),
  head: head(db),
  readAfter: db.prepare<[string, number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE talks_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
  ),
  // Raw mode (arrays, no keyed objects) reads about half again as fast: the audit walks whole logs.
  readEntries: db
    .prepare<[string, number, number], EntryTuple>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE talks_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    )
    .raw(true),
  readAudience: db.prepare<[string, string, number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE talks_id = ? AND audience = ? AND aseq > ? ORDER BY aseq LIMIT ?`,
  ),
  listTalks: db.prepare<[], { talks_id: string }>(
    'SELECT talks_id FROM talks_heads WHERE seq > 0 ORDER BY created_at, rowid',
  ),
});

/** The statements of the writer thread's connection: what one append reads and writes. */
export const prepareWriteStatements = (db: Database) => ({
  findCommand: findCommand(db),
  head: head(db),
  insertCommand: db.prepare<[string, string, string, string]>(
    'INSERT INTO commands (talks_id, command_id, fingerprint, result) VALUES (?, ?, ?, ?)',
  ),
  insertHead: db.prepare<[string, number, string, string]>(
    'INSERT INTO talks_heads (talks_id, seq, hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  ),
  moveHead: db.prepare<[number, string, string, number]>(
    'UPDATE talks_heads SET seq = ?, hash = ? WHERE talks_id = ? AND seq = ?',
  ),
  // For a head the writer remembers (head-cache.ts): it holds only if both still match.
  moveKnownHead: db.prepare<[number, string, string, number, string]>(
    'UPDATE talks_heads SET seq = ?, hash = ? WHERE talks_id = ? AND seq = ? AND hash = ?',
  ),
  // Inserts nothing if the commandId is recorded: the append is then a duplicate.
  recordCommand: db.prepare<[string, string, string, string]>(
    'INSERT INTO commands (talks_id, command_id, fingerprint, result) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  ),
  // One step down the (talks_id, audience, aseq) index from its end, however long the audience.
  audienceHead: db.prepare<[string, string], { aseq: number }>(
    'SELECT aseq FROM events WHERE talks_id = ? AND audience = ? ORDER BY aseq DESC LIMIT 1',
  ),
  insertEvent: db.prepare<[string, number, string, number, string | null, string, string, string]>(
    `INSERT INTO events (talks_id, seq, audience, aseq, command_id, body, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
});

export type SqliteReadStatements = ReturnType<typeof prepareReadStatements>;
export type SqliteWriteStatements = ReturnType<typeof prepareWriteStatements>;
