import type { Audience } from '../../../../shared/src/index.js';
import type { AppendOutcome, AppendRequest, ChainHead } from '../../log/event-log.js';
import { GENESIS_HASH, sealChain, type SealedEvent } from '../../log/hash-chain.js';
import { LogConflict } from '../log-conflict.js';
import { encodeResult, toCommandRecord } from '../rows.js';
import type { HeadCache, KnownHead } from './head-cache.js';
import type { SqliteWriteStatements } from './statements.js';

/**
 * An append failed after its first write: only rolling back the transaction
 * undoes it, and group-commit.ts then runs the batch again with a savepoint per
 * append. Carries why, for the rare case where that second run fails too.
 */
export class PartialAppend extends Error {
  override readonly name = 'PartialAppend';

  constructor(
    readonly talksId: string,
    override readonly cause: unknown,
  ) {
    super(
      `an append to ${talksId} failed half-written: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/**
 * One append, run inside the batch's write transaction with no savepoint of
 * its own: everything that may refuse it (a stale expectedSeq, a duplicate
 * commandId, an event that cannot be sealed) runs before its first write, so a
 * refused append wrote nothing. Heads and audience heads come from `heads`
 * when it knows them (see head-cache.ts). A failure after the first write
 * throws PartialAppend, and so does a compare-and-set that finds a remembered
 * head stale: another process appended since.
 */
export const appendFast = (
  statements: SqliteWriteStatements,
  heads: HeadCache,
  request: AppendRequest,
): AppendOutcome => {
  const { talksId, expectedSeq, events, command } = request;
  let known = heads.find(talksId);
  if (known && !known.seen && known.head.seq !== expectedSeq) {
    // A remembered head proves nothing on its own: the store may have moved on, or been moved to expectedSeq.
    heads.evict(talksId);
    known = undefined;
  }
  const head = known?.head ?? readHead(statements, heads, talksId);
  // A retried command answers with its first result, whatever the log did since and whatever else is wrong with it.
  const duplicateOr = (error: Error): AppendOutcome => {
    const recorded = command && statements.findCommand.get(talksId, command.commandId);
    if (recorded) return { kind: 'duplicate', record: toCommandRecord(recorded) };
    throw error;
  };
  if (head.seq !== expectedSeq) {
    // Read in this transaction, so true.
    return duplicateOr(
      new LogConflict(`the talks' log moved on (at seq ${head.seq}, expected ${expectedSeq})`),
    );
  }
  const commandId = command?.commandId ?? null;
  let sealed: SealedEvent[];
  let record: readonly [string, string, string, string] | undefined;
  try {
    const audienceHeads = new Map<Audience, number>();
    for (const { audience } of events) {
      if (!audienceHeads.has(audience)) {
        audienceHeads.set(
          audience,
          head.aseqs.get(audience) ?? statements.audienceHead.get(talksId, audience)?.aseq ?? 0,
        );
      }
    }
    sealed = sealChain(talksId, head, audienceHeads, events, commandId);
    record = command && [talksId, command.commandId, command.fingerprint, encodeResult(command.result)];
  } catch (error) {
    return duplicateOr(error instanceof Error ? error : new Error(String(error)));
  }
  const last = sealed.at(-1)?.entry ?? head;
  try {
    // A recorded commandId inserts nothing and is answered as the duplicate it is.
    if (record && statements.recordCommand.run(...record).changes === 0) {
      const recorded = statements.findCommand.get(talksId, record[1]);
      if (recorded) return { kind: 'duplicate', record: toCommandRecord(recorded) };
      throw new Error('a command record neither inserted nor found');
    }
    // Compare-and-set on seq and hash: a head remembered from an earlier transaction holds only if the row still matches.
    const moved = head.stored
      ? statements.moveKnownHead.run(last.seq, last.hash, talksId, head.seq, head.hash).changes
      : sealed.length > 0
        ? statements.insertHead.run(talksId, last.seq, last.hash, new Date().toISOString()).changes
        : 1;
    if (moved !== 1) throw new LogConflict("the talks' log moved on");
    for (const { entry } of sealed) {
      statements.insertEvent.run(
        talksId,
        entry.seq,
        entry.audience,
        entry.aseq,
        commandId,
        entry.body,
        entry.prevHash,
        entry.hash,
      );
    }
  } catch (error) {
    heads.evict(talksId);
    throw new PartialAppend(talksId, error);
  }
  head.seq = last.seq;
  head.hash = last.hash;
  head.stored ||= sealed.length > 0;
  for (const { entry } of sealed) head.aseqs.set(entry.audience, entry.aseq);
  heads.saw(talksId, head);
  return { kind: 'appended', events: sealed.map(({ event }) => event) };
};

// Inside the write transaction, so what it reads is the store's head until this transaction moves it.
const readHead = (statements: SqliteWriteStatements, heads: HeadCache, talksId: string): KnownHead => {
  const row = statements.head.get(talksId);
  const head: KnownHead = row
    ? { seq: row.seq, hash: row.hash, stored: true, aseqs: new Map() }
    : { seq: 0, hash: GENESIS_HASH, stored: false, aseqs: new Map() };
  heads.saw(talksId, head);
  return head;
};

/**
 * One append, run inside a write transaction that the caller opens and commits
 * (group-commit.ts: one transaction per batch, a savepoint per append, when
 * appendFast could not do without). Throws LogConflict (reported as
 * DomainError CONFLICT), which rolls the append's savepoint back.
 */
export const appendWithin = (statements: SqliteWriteStatements, request: AppendRequest): AppendOutcome => {
  const { talksId, expectedSeq, events, command } = request;
  // A retried command answers with its first result, whatever the log did since.
  if (command) {
    const recorded = statements.findCommand.get(talksId, command.commandId);
    if (recorded) return { kind: 'duplicate', record: toCommandRecord(recorded) };
  }
  const headRow = statements.head.get(talksId);
  const head: ChainHead = headRow ?? { seq: 0, hash: GENESIS_HASH };
  if (head.seq !== expectedSeq) {
    throw new LogConflict(`the talks' log moved on (at seq ${head.seq}, expected ${expectedSeq})`);
  }
  const audienceHeads = new Map<Audience, number>();
  for (const { audience } of events) {
    if (!audienceHeads.has(audience)) {
      audienceHeads.set(audience, statements.audienceHead.get(talksId, audience)?.aseq ?? 0);
    }
  }
  const sealed = sealChain(talksId, head, audienceHeads, events, command?.commandId ?? null);
  const last = sealed.at(-1)?.entry ?? head;
  // Compare-and-set on the head row: a second guard besides the write lock.
  if (headRow || sealed.length > 0) {
    const moved = headRow
      ? statements.moveHead.run(last.seq, last.hash, talksId, head.seq)
      : statements.insertHead.run(talksId, last.seq, last.hash, new Date().toISOString());
    if (moved.changes !== 1) throw new LogConflict("the talks' log moved on");
  }
  for (const { entry } of sealed) {
    statements.insertEvent.run(
      talksId,
      entry.seq,
      entry.audience,
      entry.aseq,
      command?.commandId ?? null,
      entry.body,
      entry.prevHash,
      entry.hash,
    );
  }
  if (command) {
    statements.insertCommand.run(
      talksId,
      command.commandId,
      command.fingerprint,
      encodeResult(command.result),
    );
  }
  return { kind: 'appended', events: sealed.map(({ event }) => event) };
};
