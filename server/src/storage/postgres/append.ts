import type pg from 'pg';
import type { Audience } from '../../../../shared/src/index.js';
import type { AppendOutcome, AppendRequest, ChainHead } from '../../log/event-log.js';
import { GENESIS_HASH, sealChain, type SealedEvent } from '../../log/hash-chain.js';
import { DomainError } from '../../talks/domain-error.js';
import { encodeResult, toCommandRecord, type CommandRow } from '../rows.js';

/**
 * One append, written to run inside a transaction that the caller opens and
 * commits (today one per append; group commit may later share one among many).
 * Several nodes may write the same talks: the head row is a compare-and-set, so
 * of two appends decided on the same head exactly one moves it; the other gets
 * CONFLICT (and the caller rolls back).
 */
export const appendWithin = async (client: pg.ClientBase, request: AppendRequest): Promise<AppendOutcome> => {
  const { talksId, expectedSeq, events, command } = request;
  // A retried command answers with its first result, whatever the log did since.
  if (command) {
    const recorded = await client.query<CommandRow>(
      'SELECT command_id, fingerprint, result FROM commands WHERE talks_id = $1 AND command_id = $2',
      [talksId, command.commandId],
    );
    const row = recorded.rows[0];
    if (row) return { kind: 'duplicate', record: toCommandRecord(row) };
  }
  const headRow = await readHead(client, talksId);
  const head: ChainHead = headRow ?? { seq: 0, hash: GENESIS_HASH };
  if (head.seq !== expectedSeq) {
    throw new DomainError(
      'CONFLICT',
      `the talks' log moved on (at seq ${head.seq}, expected ${expectedSeq})`,
    );
  }
  const audienceHeads = await readAudienceHeads(
    client,
    talksId,
    events.map((event) => event.audience),
  );
  const sealed = sealChain(talksId, head, audienceHeads, events, command?.commandId ?? null);
  if (headRow || sealed.length > 0)
    await moveHead(client, talksId, head.seq, sealed.at(-1)?.entry ?? head, !headRow);
  await insertEvents(client, talksId, sealed, command?.commandId ?? null);
  if (command) {
    await client.query(
      'INSERT INTO commands (talks_id, command_id, fingerprint, result) VALUES ($1, $2, $3, $4)',
      [talksId, command.commandId, command.fingerprint, encodeResult(command.result)],
    );
  }
  return { kind: 'appended', events: sealed.map(({ event }) => event) };
};

export const readHead = async (client: pg.ClientBase | pg.Pool, talksId: string): Promise<ChainHead | undefined> => {
  const result = await client.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM talks_heads WHERE talks_id = $1',
    [talksId],
  );
  const row = result.rows[0];
  return row && { seq: Number(row.seq), hash: row.hash };
};

const readAudienceHeads = async (
  client: pg.ClientBase,
  talksId: string,
  audiences: Audience[],
): Promise<Map<Audience, number>> => {
  if (audiences.length === 0) return new Map();
  const result = await client.query<{ audience: Audience; aseq: string }>(
    `SELECT audience, max(aseq) AS aseq FROM events
     WHERE talks_id = $1 AND audience = ANY($2::text[]) GROUP BY audience`,
    [talksId, [...new Set(audiences)]],
  );
  return new Map(result.rows.map((row) => [row.audience, Number(row.aseq)]));
};

// The compare-and-set: zero rows touched means another writer moved the head first.
const moveHead = async (
  client: pg.ClientBase,
  talksId: string,
  fromSeq: number,
  to: ChainHead,
  first: boolean,
): Promise<void> => {
  const result = first
    ? await client.query(
        'INSERT INTO talks_heads (talks_id, seq, hash) VALUES ($1, $2, $3) ON CONFLICT (talks_id) DO NOTHING',
        [talksId, to.seq, to.hash],
      )
    : await client.query('UPDATE talks_heads SET seq = $2, hash = $3 WHERE talks_id = $1 AND seq = $4', [
        talksId,
        to.seq,
        to.hash,
        fromSeq,
      ]);
  if (result.rowCount !== 1) throw new DomainError('CONFLICT', "the talks' log moved on");
};

// One statement for the whole batch: arrays in, one row per event out.
const insertEvents = async (
  client: pg.ClientBase,
  talksId: string,
  sealed: SealedEvent[],
  commandId: string | null,
): Promise<void> => {
  if (sealed.length === 0) return;
  const entries = sealed.map(({ entry }) => entry);
  await client.query(
    `INSERT INTO events (talks_id, command_id, seq, audience, aseq, body, prev_hash, hash)
     SELECT $1, $2, * FROM unnest($3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[])`,
    [
      talksId,
      commandId,
      entries.map((entry) => entry.seq),
      entries.map((entry) => entry.audience),
      entries.map((entry) => entry.aseq),
      entries.map((entry) => entry.body),
      entries.map((entry) => entry.prevHash),
      entries.map((entry) => entry.hash),
    ],
  );
};
