import type { Audience } from '../../../../shared/src/index.js';
import type { AppendOutcome, AppendRequest, ChainHead } from '../../log/event-log.js';
import { GENESIS_HASH, sealChain } from '../../log/hash-chain.js';
import { LogConflict } from '../log-conflict.js';
import { encodeResult, toCommandRecord } from '../rows.js';
import type { SqliteWriteStatements } from './statements.js';

/**
 * One append, run inside a write transaction that the caller opens and commits
 * (group-commit.ts: one transaction per batch, a savepoint per append). Throws
 * LogConflict (reported as DomainError CONFLICT), which rolls the append's
 * savepoint back.
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
