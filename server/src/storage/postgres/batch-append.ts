import type pg from 'pg';
import type { Audience } from '../../../../shared/src/index.js';
import type { AppendOutcome, AppendRequest, ChainHead, CommandRecord } from '../../log/event-log.js';
import { GENESIS_HASH, sealChain, type SealedEvent } from '../../log/hash-chain.js';
import { DomainError } from '../../talks/domain-error.js';
import { encodeResult, toCommandRecord, type CommandRow } from '../rows.js';

/** One append's answer within a batch: settled only once the batch's transaction commits. */
export type BatchResult = { ok: true; outcome: AppendOutcome } | { ok: false; error: Error };

/** The batch met something the fast path does not decide (another node creating the same talks). */
export class BatchFallback extends Error {
  override readonly name = 'BatchFallback';
}

/**
 * Appends a whole batch in four statements, inside a transaction the caller
 * opens and commits: lock the heads of the batch's talks (in talks order, so
 * two nodes never deadlock), read their command records and audience heads,
 * decide and seal every append in memory in arrival order, then move the heads
 * and insert every event and command record at once. Two appends to one talks
 * in one batch behave as if they came one by one. A CONFLICT or a duplicate
 * answers that append only. Throws BatchFallback (or a database error) when
 * the batch must be redone append by append (see group-commit.ts).
 */
export const appendBatch = async (client: pg.ClientBase, requests: AppendRequest[]): Promise<BatchResult[]> => {
  const talks = [...new Set(requests.map((request) => request.talksId))].sort();
  const heads = await lockHeads(client, talks);
  const known = await readCommands(client, requests);
  const audienceHeads = await readAudienceHeads(client, requests);
  const plan = new BatchPlan(heads, known, audienceHeads);
  const results = requests.map((request) => plan.decide(request));
  await plan.write(client);
  return results;
};

// Everything the batch will write, and the state each next append is decided against.
class BatchPlan {
  private readonly startSeq = new Map<string, number>();
  private readonly events: { talksId: string; commandId: string | null; sealed: SealedEvent }[] = [];
  private readonly commands: { talksId: string; record: CommandRecord }[] = [];

  constructor(
    private readonly heads: Map<string, ChainHead>,
    private readonly known: Map<string, CommandRecord>,
    private readonly audienceHeads: Map<string, number>,
  ) {
    for (const [talksId, head] of heads) this.startSeq.set(talksId, head.seq);
  }

  decide({ talksId, expectedSeq, events, command }: AppendRequest): BatchResult {
    const commandKey = command && keyOf(talksId, command.commandId);
    const recorded = commandKey === undefined ? undefined : this.known.get(commandKey);
    if (recorded) return { ok: true, outcome: { kind: 'duplicate', record: recorded } };
    const head = this.heads.get(talksId) ?? { seq: 0, hash: GENESIS_HASH };
    if (head.seq !== expectedSeq) {
      const message = `the talks' log moved on (at seq ${head.seq}, expected ${expectedSeq})`;
      return { ok: false, error: new DomainError('CONFLICT', message) };
    }
    const lastAseq = new Map<Audience, number>();
    for (const { audience } of events) lastAseq.set(audience, this.audienceHeads.get(keyOf(talksId, audience)) ?? 0);
    const commandId = command?.commandId ?? null;
    const sealed = sealChain(talksId, head, lastAseq, events, commandId);
    for (const one of sealed) {
      this.events.push({ talksId, commandId, sealed: one });
      this.audienceHeads.set(keyOf(talksId, one.entry.audience), one.entry.aseq);
    }
    const last = sealed.at(-1)?.entry;
    if (last) this.heads.set(talksId, { seq: last.seq, hash: last.hash });
    if (command && commandKey !== undefined) {
      this.known.set(commandKey, command);
      this.commands.push({ talksId, record: command });
    }
    return { ok: true, outcome: { kind: 'appended', events: sealed.map(({ event }) => event) } };
  }

  async write(client: pg.ClientBase): Promise<void> {
    await this.moveHeads(client);
    await this.insertRows(client);
  }

  // Existing heads are locked by this transaction, so their compare-and-set cannot miss;
  // a new talks' head can, if another node created it meanwhile: then redo the batch slowly.
  private async moveHeads(client: pg.ClientBase): Promise<void> {
    const moved = [...this.heads].filter(([talksId, head]) => head.seq !== (this.startSeq.get(talksId) ?? 0));
    const existing = moved.filter(([talksId]) => this.startSeq.has(talksId));
    const created = moved.filter(([talksId]) => !this.startSeq.has(talksId));
    if (moved.length === 0) return;
    const result = await client.query(
      `WITH moved AS (
         UPDATE talks_heads h SET seq = m.to_seq, hash = m.to_hash
         FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[]) AS m (talks_id, from_seq, to_seq, to_hash)
         WHERE h.talks_id = m.talks_id AND h.seq = m.from_seq
         RETURNING 1
       ), created AS (
         INSERT INTO talks_heads (talks_id, seq, hash)
         SELECT * FROM unnest($5::text[], $6::bigint[], $7::text[]) ORDER BY 1
         ON CONFLICT (talks_id) DO NOTHING
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM moved) + (SELECT count(*) FROM created) AS count`,
      [
        existing.map(([talksId]) => talksId),
        existing.map(([talksId]) => this.startSeq.get(talksId)),
        existing.map(([, head]) => head.seq),
        existing.map(([, head]) => head.hash),
        created.map(([talksId]) => talksId),
        created.map(([, head]) => head.seq),
        created.map(([, head]) => head.hash),
      ],
    );
    if (Number((result.rows[0] as { count: string } | undefined)?.count) !== moved.length) {
      throw new BatchFallback('a talks head moved under the batch');
    }
  }

  private async insertRows(client: pg.ClientBase): Promise<void> {
    if (this.events.length === 0 && this.commands.length === 0) return;
    const entries = this.events.map(({ sealed }) => sealed.entry);
    await client.query(
      `WITH recorded AS (
         INSERT INTO commands (talks_id, command_id, fingerprint, result)
         SELECT * FROM unnest($9::text[], $10::text[], $11::text[], $12::text[])
       )
       INSERT INTO events (talks_id, command_id, seq, audience, aseq, body, prev_hash, hash)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[])`,
      [
        this.events.map(({ talksId }) => talksId),
        this.events.map(({ commandId }) => commandId),
        entries.map((entry) => entry.seq),
        entries.map((entry) => entry.audience),
        entries.map((entry) => entry.aseq),
        entries.map((entry) => entry.body),
        entries.map((entry) => entry.prevHash),
        entries.map((entry) => entry.hash),
        this.commands.map(({ talksId }) => talksId),
        this.commands.map(({ record }) => record.commandId),
        this.commands.map(({ record }) => record.fingerprint),
        this.commands.map(({ record }) => encodeResult(record.result)),
      ],
    );
  }
}

// Row locks on the heads serialise this batch with any other writer of the same talks.
const lockHeads = async (client: pg.ClientBase, talks: string[]): Promise<Map<string, ChainHead>> => {
  const result = await client.query<{ talks_id: string; seq: string; hash: string }>(
    'SELECT talks_id, seq, hash FROM talks_heads WHERE talks_id = ANY($1::text[]) ORDER BY talks_id FOR UPDATE',
    [talks],
  );
  return new Map(result.rows.map((row) => [row.talks_id, { seq: Number(row.seq), hash: row.hash }]));
};

// Read after the locks: what any other writer of these talks committed is visible now.
const readCommands = async (client: pg.ClientBase, requests: AppendRequest[]): Promise<Map<string, CommandRecord>> => {
  const asked = requests.flatMap(({ talksId, command }) => (command ? [[talksId, command.commandId] as const] : []));
  if (asked.length === 0) return new Map();
  const result = await client.query<CommandRow & { talks_id: string }>(
    `SELECT c.talks_id, c.command_id, c.fingerprint, c.result
     FROM unnest($1::text[], $2::text[]) AS k (talks_id, command_id)
     JOIN commands c ON c.talks_id = k.talks_id AND c.command_id = k.command_id`,
    [asked.map(([talksId]) => talksId), asked.map(([, commandId]) => commandId)],
  );
  return new Map(result.rows.map((row) => [keyOf(row.talks_id, row.command_id), toCommandRecord(row)]));
};

// One backward index step per (talks, audience): the last aseq, however long the audience.
const readAudienceHeads = async (client: pg.ClientBase, requests: AppendRequest[]): Promise<Map<string, number>> => {
  const pairs = new Map<string, [string, string]>();
  for (const { talksId, events } of requests) {
    for (const { audience } of events) pairs.set(keyOf(talksId, audience), [talksId, audience]);
  }
  if (pairs.size === 0) return new Map();
  const keys = [...pairs.values()];
  const result = await client.query<{ talks_id: string; audience: string; aseq: string }>(
    `SELECT k.talks_id, k.audience, last.aseq
     FROM unnest($1::text[], $2::text[]) AS k (talks_id, audience)
     CROSS JOIN LATERAL (
       SELECT e.aseq FROM events e
       WHERE e.talks_id = k.talks_id AND e.audience = k.audience
       ORDER BY e.aseq DESC LIMIT 1
     ) AS last`,
    [keys.map(([talksId]) => talksId), keys.map(([, audience]) => audience)],
  );
  return new Map(result.rows.map((row) => [keyOf(row.talks_id, row.audience), Number(row.aseq)]));
};

const keyOf = (talksId: string, name: string): string => `${talksId}\u0000${name}`;
