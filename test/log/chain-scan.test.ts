import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Audience, TalksId } from '../../shared/src/index.js';
import { verifyTalksChain } from '../../server/src/log/audit.js';
import type { EventLog } from '../../server/src/log/event-log.js';
import { GENESIS_HASH } from '../../server/src/log/hash-chain.js';
import { SCAN_PAGE } from '../../server/src/storage/sqlite/entry-scan.js';
import { SQLITE_FILE_NAME, SqliteEventLog } from '../../server/src/storage/sqlite/sqlite-event-log.js';
import { newEvent, newTalksId } from './new-event.js';

// verifyTalksChain on SQLite reads through scanEntries (its own connection, rows
// as tuples, pages of SCAN_PAGE). Its verdicts must be those of the plain path
// over readEntries and head, which PostgreSQL still takes, wherever the chain
// breaks: inside a page, on either side of a page boundary, or at the end.

const AUDIENCES: Audience[] = ['joint', 'room:p1', 'mediation', 'room:p2', 'joint', 'gallery'];
const LENGTH = 2 * SCAN_PAGE + 300;

describe('verifying a SQLite talks through scanEntries', () => {
  let dataDir: string;
  let log: SqliteEventLog;
  let talksId: TalksId;

  const seed = async (into: TalksId, count: number): Promise<void> => {
    for (let done = 0; done < count;) {
      const size = Math.min(500, count - done);
      const events = Array.from({ length: size }, (_, at) =>
        newEvent(AUDIENCES[(done + at) % AUDIENCES.length]!),
      );
      await log.append({ talksId: into, expectedSeq: done, events });
      done += size;
    }
  };

  // An attacker's edit, on a connection of its own.
  const edit = (sql: string, ...params: (string | number)[]): void => {
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  };
  const bodyAt = async (seq: number): Promise<string> =>
    (await log.readEntries(talksId, seq - 1, 1))[0]!.body;
  const changeByte = async (seq: number): Promise<void> => {
    const body = await bodyAt(seq);
    const at = body.indexOf('said') + 1;
    edit(
      'UPDATE events SET body = ? WHERE talks_id = ? AND seq = ?',
      `${body.slice(0, at)}A${body.slice(at + 1)}`,
      talksId,
      seq,
    );
  };

  /** The same log without its fast path: verifyTalksChain then pages through readEntries. */
  const plain = (): EventLog =>
    Object.defineProperty(Object.create(log) as EventLog, 'scanEntries', { value: undefined });

  /** Both paths' verdicts, checked equal. */
  const verdicts = async (of = talksId) => {
    const fast = await verifyTalksChain(log, of);
    expect(await verifyTalksChain(plain(), of)).toEqual(fast);
    return fast;
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-scan-'));
    log = await SqliteEventLog.open({ dataDir });
    talksId = newTalksId();
    await seed(talksId, LENGTH);
  });
  afterEach(async () => {
    await log.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('verifies an intact chain of several pages, ending at the recorded head', async () => {
    expect(await verdicts()).toEqual({ ok: true, count: LENGTH, head: await log.head(talksId) });
  });

  it('verifies a chain that fills its last page exactly, and another talks written in between', async () => {
    const other = newTalksId();
    await seed(other, 2 * SCAN_PAGE);
    expect(await verdicts(other)).toMatchObject({ ok: true, count: 2 * SCAN_PAGE });
    expect(await verdicts()).toMatchObject({ ok: true, count: LENGTH });
  });

  it('names a changed byte inside a page and on either side of a page boundary', async () => {
    for (const seq of [LENGTH - 1, SCAN_PAGE + 1, SCAN_PAGE, SCAN_PAGE / 2]) {
      await changeByte(seq);
      expect(await verdicts()).toEqual({ ok: false, seq, reason: 'hash does not match the stored body' });
    }
  });

  it('names a row whose audience or aseq column was moved, first of its page', async () => {
    const seq = SCAN_PAGE + 1;
    const [entry] = await log.readEntries(talksId, seq - 1, 1);
    edit('UPDATE events SET aseq = aseq + 1000 WHERE talks_id = ? AND seq = ?', talksId, seq);
    expect(await verdicts()).toMatchObject({
      ok: false,
      seq,
      reason: expect.stringContaining('stored aseq') as string,
    });
    edit(
      'UPDATE events SET aseq = ?, audience = ? WHERE talks_id = ? AND seq = ?',
      entry!.aseq,
      'room:p9',
      talksId,
      seq,
    );
    expect(await verdicts()).toEqual({
      ok: false,
      seq,
      reason: 'body audience differs from the stored audience',
    });
  });

  it('names a deleted row at a page boundary and a broken link inside a page', async () => {
    edit(
      'UPDATE events SET prev_hash = ? WHERE talks_id = ? AND seq = ?',
      'c'.repeat(64),
      talksId,
      2 * SCAN_PAGE + 7,
    );
    expect(await verdicts()).toEqual({
      ok: false,
      seq: 2 * SCAN_PAGE + 7,
      reason: 'prevHash does not link to the previous entry',
    });
    edit('DELETE FROM events WHERE talks_id = ? AND seq = ?', talksId, SCAN_PAGE + 1);
    expect(await verdicts()).toMatchObject({
      ok: false,
      seq: SCAN_PAGE + 1,
      reason: expect.stringContaining('missing') as string,
    });
  });

  it('catches a removed tail through the head recorded in the same snapshot', async () => {
    edit('DELETE FROM events WHERE talks_id = ? AND seq > ?', talksId, 2 * SCAN_PAGE);
    expect(await verdicts()).toEqual({
      ok: false,
      seq: 2 * SCAN_PAGE + 1,
      reason: `entry missing: the recorded head is at seq ${LENGTH}`,
    });
  });

  it('hands over pages of tuples until visit says stop, and answers a talks with no events', async () => {
    const pages: number[] = [];
    const head = await log.scanEntries(talksId, (rows) => {
      pages.push(rows.length);
      return pages.length < 2;
    });
    expect(pages).toEqual([SCAN_PAGE, SCAN_PAGE]);
    expect(head).toEqual(await log.head(talksId));

    let visited = 0;
    expect(await log.scanEntries(newTalksId(), () => ++visited > 0)).toEqual({ seq: 0, hash: GENESIS_HASH });
    expect(visited).toBe(0);
    expect(await verdicts(newTalksId())).toEqual({
      ok: true,
      count: 0,
      head: { seq: 0, hash: GENESIS_HASH },
    });
  });
});
