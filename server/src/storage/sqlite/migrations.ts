import type { Migration } from '../migration.js';

// Append-only: never edit a migration that has shipped; add the next version.
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event log, command records, chain heads',
    statements: [
      `CREATE TABLE talks_heads (
        talks_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL CHECK (seq >= 0),
        hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE events (
        talks_id TEXT NOT NULL REFERENCES talks_heads (talks_id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        audience TEXT NOT NULL,
        aseq INTEGER NOT NULL CHECK (aseq >= 1),
        command_id TEXT,
        body TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (talks_id, seq)
      ) WITHOUT ROWID`,
      // Both the gapless-aseq guarantee and the index readAudiences walks.
      `CREATE UNIQUE INDEX events_by_audience ON events (talks_id, audience, aseq)`,
      `CREATE TABLE commands (
        talks_id TEXT NOT NULL,
        command_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (talks_id, command_id)
      ) WITHOUT ROWID`,
    ],
  },
  {
    // WITHOUT ROWID stored each event, body and all, inside its talks' key range:
    // a batch of appends to many talks rewrote (and often split) one large leaf
    // per talks, about three times the WAL bytes of a rowid table, where rows go
    // to the table's end in commit order and only the small index entries land
    // in each talks' range. Same columns, keys and constraints.
    version: 2,
    name: 'events and commands in rowid tables, for group commit',
    statements: [
      `CREATE TABLE events_by_rowid (
        talks_id TEXT NOT NULL REFERENCES talks_heads (talks_id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        audience TEXT NOT NULL,
        aseq INTEGER NOT NULL CHECK (aseq >= 1),
        command_id TEXT,
        body TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (talks_id, seq)
      )`,
      `INSERT INTO events_by_rowid (talks_id, seq, audience, aseq, command_id, body, prev_hash, hash)
        SELECT talks_id, seq, audience, aseq, command_id, body, prev_hash, hash FROM events ORDER BY talks_id, seq`,
      `DROP TABLE events`,
      `ALTER TABLE events_by_rowid RENAME TO events`,
      `CREATE UNIQUE INDEX events_by_audience ON events (talks_id, audience, aseq)`,
      `CREATE TABLE commands_by_rowid (
        talks_id TEXT NOT NULL,
        command_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (talks_id, command_id)
      )`,
      `INSERT INTO commands_by_rowid (talks_id, command_id, fingerprint, result)
        SELECT talks_id, command_id, fingerprint, result FROM commands ORDER BY talks_id, command_id`,
      `DROP TABLE commands`,
      `ALTER TABLE commands_by_rowid RENAME TO commands`,
    ],
  },
  {
    // [ID7] Invite codes are opaque: redemption finds the talks through the code's hash.
    version: 3,
    name: 'invite codes by hash',
    statements: [
      `CREATE TABLE invite_codes (
        code_hash TEXT PRIMARY KEY,
        talks_id TEXT NOT NULL
      ) WITHOUT ROWID`,
    ],
  },
];
