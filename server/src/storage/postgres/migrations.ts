import type { Migration } from '../migration.js';

// Append-only: never edit a migration that has shipped; add the next version.
// Unqualified names: the runner sets search_path to the log's schema.
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event log, command records, chain heads',
    statements: [
      `CREATE TABLE talks_heads (
        talks_id TEXT PRIMARY KEY,
        seq BIGINT NOT NULL CHECK (seq >= 0),
        hash TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      )`,
      `CREATE TABLE events (
        talks_id TEXT NOT NULL REFERENCES talks_heads (talks_id),
        seq BIGINT NOT NULL CHECK (seq >= 1),
        audience TEXT NOT NULL,
        aseq BIGINT NOT NULL CHECK (aseq >= 1),
        command_id TEXT,
        body TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (talks_id, seq)
      )`,
      // Both the gapless-aseq guarantee and the index readAudiences walks.
      `CREATE UNIQUE INDEX events_by_audience ON events (talks_id, audience, aseq)`,
      `CREATE TABLE commands (
        talks_id TEXT NOT NULL,
        command_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (talks_id, command_id)
      )`,
    ],
  },
  {
    // [ID7] Invite codes are opaque: redemption finds the talks through the code's hash.
    version: 2,
    name: 'invite codes by hash',
    statements: [
      `CREATE TABLE invite_codes (
        code_hash TEXT PRIMARY KEY,
        talks_id TEXT NOT NULL
      )`,
    ],
  },
];
