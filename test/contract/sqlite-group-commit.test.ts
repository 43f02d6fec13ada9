import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Audience, TalksId } from '../../shared/src/index.js';
import { verifyTalksChain } from '../../server/src/log/audit.js';
import type {
  AppendOutcome,
  AppendRequest,
  CommandRecord,
  NewEvent,
  StoredEvent,
} from '../../server/src/log/event-log.js';
import { GENESIS_HASH } from '../../server/src/log/hash-chain.js';
import { appendWithin } from '../../server/src/storage/sqlite/append.js';
import { groupCommitter } from '../../server/src/storage/sqlite/group-commit.js';
import { HeadCache } from '../../server/src/storage/sqlite/head-cache.js';
import { migrateSqlite } from '../../server/src/storage/sqlite/migrate.js';
import { SQLITE_MIGRATIONS } from '../../server/src/storage/sqlite/migrations.js';
import { applyPragmas } from '../../server/src/storage/sqlite/pragmas.js';
import { SQLITE_FILE_NAME, SqliteEventLog } from '../../server/src/storage/sqlite/sqlite-event-log.js';
import { prepareWriteStatements } from '../../server/src/storage/sqlite/statements.js';
import {
  packSettlements,
  unpackSettlements,
  type AppendSettlement,
  type QueuedAppend,
} from '../../server/src/storage/sqlite/writer-protocol.js';
import { newEvent, newTalksId, seededId } from '../log/new-event.js';

// The SQLite writer remembers each talks' head between transactions (head-cache.ts)
// and appends without a savepoint each (append.ts): what must hold all the same.

const ANOTHER_PROCESS = fileURLToPath(new URL('./append-from-another-process.ts', import.meta.url));
const execute = promisify(execFile);

const appendedEvents = (outcome: AppendOutcome): StoredEvent[] => {
  if (outcome.kind !== 'appended') throw new Error(`expected an append, got ${outcome.kind}`);
  return outcome.events;
};

const commandRecord = (result: unknown = { ok: true }): CommandRecord => ({
  commandId: seededId('command'),
  fingerprint: seededId('fingerprint'),
  result,
});

const expectGaplessAudiences = (events: StoredEvent[]): void => {
  for (const audience of new Set(events.map((event) => event.audience))) {
    const aseqs = events.filter((event) => event.audience === audience).map((event) => event.aseq);
    expect(aseqs).toEqual(aseqs.map((_, index) => index + 1));
  }
};

describe('SQLite group commit with remembered heads', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-group-commit-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('[LOG7] answers CONFLICT, and forks nothing, after another process appended behind the writer', async () => {
    const log = await SqliteEventLog.open({ dataDir });
    try {
      const [talksId, other] = [newTalksId(), newTalksId()];
      await log.append({ talksId, expectedSeq: 0, events: [newEvent('joint'), newEvent('room:p1')] });
      await log.append({ talksId, expectedSeq: 2, events: [newEvent('joint')] });
      // As the CLI would, while the server runs: the writer still remembers seq 3.
      const { stdout } = await execute(process.execPath, [
        '--import',
        import.meta.resolve('tsx/esm'),
        ANOTHER_PROCESS,
        dataDir,
        talksId,
        '2',
        'joint',
      ]);
      expect(stdout.trim()).toBe('5');
      // With no event to collide with, only the compare-and-set on the head row stands in the way.
      const silent = commandRecord();
      await expect(
        log.append({ talksId, expectedSeq: 3, events: [], command: silent }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await log.findCommand(talksId, silent.commandId)).toBeUndefined();
      expect(await log.head(talksId)).toMatchObject({ seq: 5 });
      // Made together, so committed in one batch: only the stale one fails.
      const [stale, elsewhere] = await Promise.allSettled([
        log.append({ talksId, expectedSeq: 3, events: [newEvent('joint')], command: commandRecord() }),
        log.append({ talksId: other, expectedSeq: 0, events: [newEvent('joint')] }),
      ]);
      expect(stale).toMatchObject({ status: 'rejected', reason: { code: 'CONFLICT' } });
      expect(elsewhere).toMatchObject({ status: 'fulfilled', value: { kind: 'appended' } });
      expect(await log.head(talksId)).toMatchObject({ seq: 5 });

      const fifth = (await log.read(talksId, 4))[0]!;
      const next = appendedEvents(
        await log.append({ talksId, expectedSeq: 5, events: [newEvent('joint'), newEvent('room:p1')] }),
      );
      expect(next.map(({ seq, audience, aseq }) => [seq, audience, aseq])).toEqual([
        [6, 'joint', 5],
        [7, 'room:p1', 2],
      ]);
      expect(next[0]!.prevHash).toBe(fifth.hash);
      const read = await log.read(talksId, 0);
      expect(read.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expectGaplessAudiences(read);
      expect(await verifyTalksChain(log, talksId)).toMatchObject({ ok: true, count: 7 });
    } finally {
      await log.close();
    }
  });

  it('[LOG4] answers a commandId another writer recorded meanwhile as a duplicate, whatever the remembered head', async () => {
    const first = await SqliteEventLog.open({ dataDir });
    const second = await SqliteEventLog.open({ dataDir });
    try {
      const talksId = newTalksId();
      await first.append({ talksId, expectedSeq: 0, events: [newEvent('joint')] });
      const command = commandRecord({ by: 'second' });
      await second.append({ talksId, expectedSeq: 1, events: [newEvent('joint')], command });
      // The first writer remembers seq 1: both the head it remembers and the true one give the first result.
      for (const expectedSeq of [1, 2]) {
        expect(
          await first.append({
            talksId,
            expectedSeq,
            events: [newEvent('joint')],
            command: { ...command, result: 'again' },
          }),
        ).toEqual({ kind: 'duplicate', record: command });
      }
      expect((await first.read(talksId, 0)).map((event) => event.seq)).toEqual([1, 2]);
      // Once told the truth, the first writer appends after the second's event.
      const [third] = appendedEvents(
        await first.append({ talksId, expectedSeq: 2, events: [newEvent('joint')] }),
      );
      expect(third).toMatchObject({ seq: 3, aseq: 3 });
      expect(await verifyTalksChain(first, talksId)).toMatchObject({ ok: true, count: 3 });
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('fails only the append that failed half-written, when the batch runs again with a savepoint each', async () => {
    const log = await SqliteEventLog.open({ dataDir });
    try {
      const [broken, kept] = [newTalksId(), newTalksId()];
      await log.append({ talksId: broken, expectedSeq: 0, events: [newEvent('joint')] });
      const lost = commandRecord();
      // No audience: sealing passes, the event's insert fails after the head moved.
      const unstorable = { ...newEvent('joint'), audience: undefined } as unknown as NewEvent;
      const [refused, same, elsewhere] = await Promise.allSettled([
        log.append({
          talksId: broken,
          expectedSeq: 1,
          events: [newEvent('joint'), unstorable],
          command: lost,
        }),
        log.append({ talksId: broken, expectedSeq: 1, events: [newEvent('room:p1')] }),
        log.append({ talksId: kept, expectedSeq: 0, events: [newEvent('joint')] }),
      ]);
      expect(refused).toMatchObject({ status: 'rejected' });
      expect(same).toMatchObject({ status: 'fulfilled', value: { events: [{ seq: 2, aseq: 1 }] } });
      expect(elsewhere).toMatchObject({ status: 'fulfilled', value: { kind: 'appended' } });
      expect(await log.findCommand(broken, lost.commandId)).toBeUndefined();
      expect(
        appendedEvents(await log.append({ talksId: broken, expectedSeq: 2, events: [newEvent('joint')] })),
      ).toMatchObject([{ seq: 3, aseq: 2 }]);
      expect(await verifyTalksChain(log, broken)).toMatchObject({ ok: true, count: 3 });
    } finally {
      await log.close();
    }
  });

  describe('on two connections to one file', () => {
    const connect = (): Database.Database => {
      const db = new Database(join(dataDir, SQLITE_FILE_NAME));
      applyPragmas(db, 'NORMAL');
      migrateSqlite(db, SQLITE_MIGRATIONS);
      return db;
    };
    const queued = (requests: AppendRequest[]): QueuedAppend[] =>
      requests.map((request, index) => ({ id: index + 1, request }));

    it('forgets a remembered head whose compare-and-set missed, and reads the store again', () => {
      const [writer, elsewhere] = [connect(), connect()];
      try {
        const heads = new HeadCache();
        const commit = groupCommitter(writer, heads);
        const commitElsewhere = groupCommitter(elsewhere);
        const [talksId, other] = [newTalksId(), newTalksId()];
        const settle = (
          committer: ReturnType<typeof groupCommitter>,
          requests: AppendRequest[],
        ): AppendSettlement[] => [...unpackSettlements(committer(queued(requests)))];

        expect(settle(commit, [{ talksId, expectedSeq: 0, events: [newEvent('joint')] }])).toMatchObject([
          { kind: 'appended' },
        ]);
        expect(heads.find(talksId)?.head).toMatchObject({ seq: 1, stored: true });
        const [moved] = settle(commitElsewhere, [{ talksId, expectedSeq: 1, events: [newEvent('joint')] }]);
        expect(moved).toMatchObject({ kind: 'appended', links: [{ seq: 2, aseq: 2 }] });
        // Only a guess now, and a wrong one.
        expect(heads.find(talksId)).toMatchObject({ head: { seq: 1 }, seen: false });

        expect(
          settle(commit, [
            { talksId, expectedSeq: 1, events: [newEvent('joint')] },
            { talksId: other, expectedSeq: 0, events: [newEvent('joint')] },
          ]),
        ).toMatchObject([{ kind: 'failed', error: { kind: 'conflict' } }, { kind: 'appended' }]);
        expect(heads.find(talksId)).toBeUndefined();

        const [next] = settle(commit, [{ talksId, expectedSeq: 2, events: [newEvent('joint')] }]);
        const second = writer
          .prepare('SELECT hash FROM events WHERE talks_id = ? AND seq = 2')
          .pluck()
          .get(talksId);
        expect(next).toMatchObject({ kind: 'appended', links: [{ seq: 3, aseq: 3, prevHash: second }] });
        expect(heads.find(talksId)?.head).toMatchObject({ seq: 3 });
      } finally {
        writer.close();
        elsewhere.close();
      }
    });

    it('re-reads a remembered head that does not match expectedSeq instead of answering CONFLICT', () => {
      const [writer, elsewhere] = [connect(), connect()];
      try {
        const heads = new HeadCache();
        const commit = groupCommitter(writer, heads);
        const talksId = newTalksId();
        commit(queued([{ talksId, expectedSeq: 0, events: [newEvent('joint')] }]));
        groupCommitter(elsewhere)(queued([{ talksId, expectedSeq: 1, events: [newEvent('room:p1')] }]));
        // The caller read seq 2 from the store; the writer remembers 1.
        const [outcome] = unpackSettlements(
          commit(queued([{ talksId, expectedSeq: 2, events: [newEvent('room:p1'), newEvent('joint')] }])),
        );
        expect(outcome).toMatchObject({
          kind: 'appended',
          links: [
            { seq: 3, aseq: 2 },
            { seq: 4, aseq: 2 },
          ],
        });
      } finally {
        writer.close();
        elsewhere.close();
      }
    });
  });

  it('stores byte for byte what one savepoint per append stored', () => {
    const requests = (): AppendRequest[] => {
      const [a, b] = ['talks-a', 'talks-b'] as [TalksId, TalksId];
      const event = (audience: Audience, n: number): NewEvent =>
        ({
          id: `event-${audience}-${n}`,
          type: 'message.posted',
          audience,
          at: '2025-01-15T09:00:00.000Z',
          actor: { id: 'member-1', role: 'head', partyId: 'p1', displayName: 'Anna «Ø» 名前' },
          payload: {
            messageId: `m-${n}`,
            channel: 'room',
            partyId: 'p1',
            text: `text ${n} ✓`,
            nested: { b: 1, a: [2, null] },
          },
        }) as unknown as NewEvent;
      const command = (n: number): CommandRecord => ({
        commandId: `command-${n}`,
        fingerprint: `f-${n}`,
        result: { n },
      });
      return [
        { talksId: a, expectedSeq: 0, events: [event('gallery', 1), event('joint', 2)], command: command(1) },
        { talksId: b, expectedSeq: 0, events: [event('room:p1', 3)] },
        {
          talksId: a,
          expectedSeq: 2,
          events: [event('joint', 4), event('room:p1', 5), event('joint', 6)],
          command: command(2),
        },
        { talksId: a, expectedSeq: 2, events: [event('joint', 7)] },
        { talksId: a, expectedSeq: 5, events: [], command: command(3) },
        { talksId: b, expectedSeq: 1, events: [event('room:p1', 8)], command: command(1) },
        { talksId: a, expectedSeq: 5, events: [event('mediation', 9)], command: command(2) },
        { talksId: a, expectedSeq: 5, events: [event('mediation', 10)] },
      ];
    };
    const dump = (db: Database.Database): unknown[] => [
      db.prepare('SELECT * FROM events ORDER BY talks_id, seq').all(),
      db.prepare('SELECT * FROM commands ORDER BY talks_id, command_id').all(),
      db.prepare('SELECT talks_id, seq, hash FROM talks_heads ORDER BY talks_id').all(),
    ];
    const open = (name: string): Database.Database => {
      const db = new Database(join(dataDir, name));
      applyPragmas(db, 'NORMAL');
      migrateSqlite(db, SQLITE_MIGRATIONS);
      return db;
    };
    const [fast, safe] = [open('fast.db'), open('safe.db')];
    try {
      // One batch, then the same appends one batch each.
      const batched = [
        ...unpackSettlements(groupCommitter(fast)(requests().map((request, id) => ({ id, request })))),
      ];
      const statements = prepareWriteStatements(safe);
      const one = safe.transaction((request: AppendRequest) => appendWithin(statements, request));
      const alone = requests().map((request) => {
        try {
          return one.immediate(request).kind;
        } catch {
          return 'failed';
        }
      });
      expect(batched.map((settlement) => settlement.kind)).toEqual(alone);
      expect(alone).toEqual([
        'appended',
        'appended',
        'appended',
        'failed',
        'appended',
        'appended',
        'duplicate',
        'appended',
      ]);
      expect(dump(fast)).toEqual(dump(safe));
      expect(dump(fast)[0]).toHaveLength(8);
    } finally {
      fast.close();
      safe.close();
    }
  });
});

describe('HeadCache', () => {
  const head = (seq: number) => ({
    seq,
    hash: `hash-${seq}`,
    stored: true,
    aseqs: new Map<Audience, number>(),
  });

  it('trusts a head only within the transaction that saw it, and forgets everything on a rollback', () => {
    const heads = new HeadCache();
    heads.saw('t1', head(3));
    expect(heads.find('t1')).toMatchObject({ head: { seq: 3 }, seen: true });
    heads.committed();
    expect(heads.find('t1')).toMatchObject({ head: { seq: 3 }, seen: false });
    heads.saw('t2', head(1));
    heads.rolledBack();
    expect([heads.find('t1'), heads.find('t2'), heads.size]).toEqual([undefined, undefined, 0]);
  });

  it('never remembers the absence of a row past its transaction', () => {
    const heads = new HeadCache();
    heads.saw('new', { seq: 0, hash: GENESIS_HASH, stored: false, aseqs: new Map() });
    expect(heads.find('new')).toMatchObject({ seen: true });
    heads.committed();
    expect(heads.find('new')).toBeUndefined();
  });

  it('forgets the talks used least recently beyond its capacity', () => {
    const heads = new HeadCache(2);
    heads.saw('t1', head(1));
    heads.saw('t2', head(1));
    heads.committed();
    heads.saw('t3', head(1));
    heads.saw('t1', head(2));
    heads.committed();
    expect([heads.size, heads.find('t2'), heads.find('t1')?.head.seq, heads.find('t3')?.head.seq]).toEqual([
      2,
      undefined,
      2,
      1,
    ]);
  });
});

describe('packed settlements', () => {
  it('unpack to the settlements packed, in their order', () => {
    const hash = (n: number): string => n.toString(16).padStart(64, '0');
    const settlements: AppendSettlement[] = [
      { id: 7, kind: 'appended', links: [{ seq: 1, aseq: 1, prevHash: GENESIS_HASH, hash: hash(1) }] },
      { id: 3, kind: 'failed', error: { kind: 'conflict', message: 'moved on' } },
      {
        id: 9,
        kind: 'appended',
        links: [
          { seq: 2, aseq: 1, prevHash: hash(1), hash: hash(2) },
          { seq: 3, aseq: 2, prevHash: hash(2), hash: hash(3) },
          { seq: 4_000_000_000, aseq: 3, prevHash: hash(3), hash: hash(4) },
        ],
      },
      { id: 4, kind: 'appended', links: [] },
      { id: 5, kind: 'duplicate', record: { commandId: 'c', fingerprint: 'f', result: { ok: true } } },
      {
        id: 6,
        kind: 'failed',
        error: { kind: 'error', message: 'disk I/O error', sqliteCode: 'SQLITE_IOERR' },
      },
    ];
    const packed = packSettlements(settlements);
    expect(packed.count).toBe(6);
    expect([...unpackSettlements(structuredClone(packed))]).toEqual(settlements);
  });

  it('refuses links that do not chain', () => {
    const link = { seq: 1, aseq: 1, prevHash: GENESIS_HASH, hash: 'a'.repeat(64) };
    expect(() =>
      packSettlements([
        { id: 1, kind: 'appended', links: [link, { ...link, seq: 2, prevHash: 'b'.repeat(64) }] },
      ]),
    ).toThrow(/cannot be packed/);
  });
});
