// Row shapes and mappings shared by the SQL adapters.
import type { Audience, TalksId } from '../../../shared/src/index.js';
import type { CommandRecord, RawEntry, StoredEvent } from '../log/event-log.js';
import { parseStoredEvent } from '../log/hash-chain.js';

// Type aliases, not interfaces: pg's row constraint needs an implicit index signature.
export type EventRow = {
  seq: number | string;
  audience: string;
  aseq: number | string;
  body: string;
  prev_hash: string;
  hash: string;
};

export type CommandRow = {
  command_id: string;
  fingerprint: string;
  result: string;
};

// PostgreSQL returns BIGINT as a string; SQLite returns a number.
export const toRawEntry = (row: EventRow): RawEntry => ({
  seq: Number(row.seq),
  audience: row.audience as Audience,
  aseq: Number(row.aseq),
  body: row.body,
  prevHash: row.prev_hash,
  hash: row.hash,
});

export const toStoredEvent = (row: EventRow): StoredEvent =>
  parseStoredEvent(row.body, row.prev_hash, row.hash);

export const toCommandRecord = (row: CommandRow): CommandRecord => ({
  commandId: row.command_id,
  fingerprint: row.fingerprint,
  result: JSON.parse(row.result) as unknown,
});

/** A command's result as stored: JSON, with `undefined` kept as null. */
export const encodeResult = (result: unknown): string => JSON.stringify(result ?? null);

export const toTalksId = (row: { talks_id: string }): TalksId => row.talks_id as TalksId;
