// The one acceptance suite every EventLog adapter must pass (run by sqlite.test.ts
// and postgres.test.ts against a real database each).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Audience, TalksId } from '../../shared/src/index.js';
import type {
  AppendOutcome,
  CommandRecord,
  EventLog,
  NewEvent,
  StoredEvent,
} from '../../server/src/log/event-log.js';
import { GENESIS_HASH } from '../../server/src/log/hash-chain.js';
import { verifyTalksChain } from '../../server/src/log/audit.js';
import { isDomainError } from '../../server/src/talks/domain-error.js';
import { newEvent, newTalksId, seededId } from '../log/new-event.js';

/** Direct edits of the database, behind the log's back, as an attacker with file or SQL access would make. */
export interface Tamper {
  setBody(talksId: TalksId, seq: number, body: string): Promise<void>;
  deleteEvent(talksId: TalksId, seq: number): Promise<void>;
}

export interface LogHarness {
  log: EventLog;
  /** Another EventLog on the same store: a second writer, or the store after a restart. Closed by cleanup. */
  openAnother(): Promise<EventLog>;
  tamper: Tamper;
  /** Closes every log opened here and removes the store. */
  cleanup(): Promise<void>;
}

const appended = (outcome: AppendOutcome): StoredEvent[] => {
  if (outcome.kind !== 'appended') throw new Error(`expected an append, got ${outcome.kind}`);
  return outcome.events;
};

const commandRecord = (result: unknown = { ok: true }): CommandRecord => ({
  commandId: seededId('command'),
  fingerprint: seededId('fingerprint'),
  result,
});

/** Appends to the current head, retrying when another writer got there first. */
const appendWithRetry = async (log: EventLog, talksId: TalksId, events: NewEvent[]): Promise<number> => {
  for (let conflicts = 0; ; conflicts += 1) {
    const head = await log.head(talksId);
    try {
      await log.append({ talksId, expectedSeq: head.seq, events });
      return conflicts;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'CONFLICT') throw error;
    }
  }
};

export const eventLogContract = (name: string, makeLog: () => Promise<LogHarness>): void => {
  describe(`EventLog contract: ${name}`, () => {
    let harness: LogHarness;
    let log: EventLog;
    let talksId: TalksId;

    beforeEach(async () => {
      harness = await makeLog();
      log = harness.log;
      talksId = newTalksId();
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    const seed = async (audiences: Audience[], into = talksId): Promise<StoredEvent[]> => {
      const head = await log.head(into);
      return appended(
        await log.append({ talksId: into, expectedSeq: head.seq, events: audiences.map((a) => newEvent(a)) }),
      );
    };

    it('[LOG1] appends events and reads them back in order, identical to what append returned', async () => {
      const first = await seed(['joint', 'room:p1']);
      const second = await seed(['mediation']);
      const read = await log.read(talksId, 0);
      expect(read).toEqual([...first, ...second]);
      expect(read.map((event) => event.seq)).toEqual([1, 2, 3]);
      expect(await log.read(talksId, 1, 1)).toEqual([first[1]]);
      expect(await log.read(talksId, 3)).toEqual([]);
    });

    it('[LOG1] chains each event to the one before, from the genesis hash', async () => {
      const events = [...(await seed(['joint', 'joint'])), ...(await seed(['gallery']))];
      expect(events[0]!.prevHash).toBe(GENESIS_HASH);
      expect(events[1]!.prevHash).toBe(events[0]!.hash);
      expect(events[2]!.prevHash).toBe(events[1]!.hash);
      expect(await log.head(talksId)).toEqual({ seq: 3, hash: events[2]!.hash });
    });

    it('[LOG2] numbers each audience from 1 without gaps, across appends', async () => {
      await seed(['joint', 'room:p1', 'joint']);
      await seed(['room:p1', 'mediation', 'joint']);
      const read = await log.read(talksId, 0);
      const aseqOf = (audience: Audience) => read.filter((e) => e.audience === audience).map((e) => e.aseq);
      expect(aseqOf('joint')).toEqual([1, 2, 3]);
      expect(aseqOf('room:p1')).toEqual([1, 2]);
      expect(aseqOf('mediation')).toEqual([1]);
    });

    it('[LOG2] numbers audiences per talks, independently of other talks', async () => {
      const other = newTalksId();
      await seed(['joint', 'joint'], other);
      const [event] = await seed(['joint']);
      expect(event).toMatchObject({ seq: 1, aseq: 1, prevHash: GENESIS_HASH });
    });

    it('[LOG3] refuses a stale expectedSeq with CONFLICT and writes nothing', async () => {
      await seed(['joint']);
      const stale = log.append({
        talksId,
        expectedSeq: 0,
        events: [newEvent('joint')],
        command: commandRecord(),
      });
      await expect(stale).rejects.toMatchObject({ code: 'CONFLICT' });
      const ahead = log.append({ talksId, expectedSeq: 5, events: [newEvent('joint')] });
      await expect(ahead).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await log.read(talksId, 0)).toHaveLength(1);
      expect((await log.head(talksId)).seq).toBe(1);
    });

    it('[LOG3] leaves no command record behind a refused append', async () => {
      await seed(['joint']);
      const command = commandRecord();
      await expect(log.append({ talksId, expectedSeq: 0, events: [], command })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await log.findCommand(talksId, command.commandId)).toBeUndefined();
    });

    it('[LOG4] answers a repeated commandId with the first record and appends nothing', async () => {
      const command = commandRecord({ ok: true, result: { submissionId: 's-1' } });
      await log.append({ talksId, expectedSeq: 0, events: [newEvent('room:p1')], command });
      expect(await log.findCommand(talksId, command.commandId)).toEqual(command);
      // Even with a stale expectedSeq and other content: the duplicate is recognised first.
      const again = await log.append({
        talksId,
        expectedSeq: 0,
        events: [newEvent('joint'), newEvent('joint')],
        command: { ...command, result: 'other' },
      });
      expect(again).toEqual({ kind: 'duplicate', record: command });
      expect(await log.read(talksId, 0)).toHaveLength(1);
      expect((await log.read(talksId, 0))[0]!.commandId).toBe(command.commandId);
    });

    it('[LOG4] keeps command records per talks', async () => {
      const command = commandRecord();
      await log.append({ talksId, expectedSeq: 0, events: [newEvent('joint')], command });
      const other = newTalksId();
      expect(await log.findCommand(other, command.commandId)).toBeUndefined();
      const outcome = await log.append({
        talksId: other,
        expectedSeq: 0,
        events: [newEvent('joint')],
        command,
      });
      expect(outcome.kind).toBe('appended');
    });

    it('[LOG4] records a command that produced no events', async () => {
      const command = commandRecord(null);
      expect(await log.append({ talksId, expectedSeq: 0, events: [], command })).toEqual({
        kind: 'appended',
        events: [],
      });
      expect(await log.findCommand(talksId, command.commandId)).toEqual(command);
      expect(await log.head(talksId)).toEqual({ seq: 0, hash: GENESIS_HASH });
      expect(await log.listTalks()).toEqual([]);
    });

    it('[LOG5] merges audiences in seq order after each cursor, up to the limit', async () => {
      await seed(['joint', 'room:p1', 'mediation', 'room:p2', 'joint', 'room:p1', 'joint', 'gallery']);
      const all = await log.readAudiences(
        talksId,
        [
          { audience: 'joint', afterAseq: 0 },
          { audience: 'room:p1', afterAseq: 0 },
        ],
        100,
      );
      expect(all.map((e) => [e.seq, e.audience, e.aseq])).toEqual([
        [1, 'joint', 1],
        [2, 'room:p1', 1],
        [5, 'joint', 2],
        [6, 'room:p1', 2],
        [7, 'joint', 3],
      ]);
      const after = await log.readAudiences(
        talksId,
        [
          { audience: 'joint', afterAseq: 2 },
          { audience: 'room:p1', afterAseq: 1 },
          { audience: 'gallery', afterAseq: 0 },
        ],
        2,
      );
      expect(after.map((e) => e.seq)).toEqual([6, 7]);
      expect(await log.readAudiences(talksId, [{ audience: 'room:p9', afterAseq: 0 }], 10)).toEqual([]);
      expect(await log.readAudiences(talksId, [], 10)).toEqual([]);
    });

    it('[LOG5] reads identical events through read and readAudiences', async () => {
      await seed(['joint', 'mediation', 'joint']);
      const byAudience = await log.readAudiences(talksId, [{ audience: 'joint', afterAseq: 0 }], 10);
      const all = await log.read(talksId, 0);
      expect(byAudience).toEqual(all.filter((e) => e.audience === 'joint'));
    });

    it('reports the genesis head for an unknown talks and lists talks with events, oldest first', async () => {
      expect(await log.head(newTalksId())).toEqual({ seq: 0, hash: GENESIS_HASH });
      const second = newTalksId();
      const third = newTalksId();
      await seed(['gallery']);
      await seed(['gallery'], second);
      await seed(['gallery'], third);
      await seed(['gallery']);
      expect(await log.listTalks()).toEqual([talksId, second, third]);
    });

    it('[ID7] finds the talks of an invite code by its hash, on every connection and after a reopen', async () => {
      const hash = 'a'.repeat(64);
      const other = newTalksId();
      expect(await log.findInviteTalks(hash)).toBeUndefined();
      await log.indexInvite(hash, talksId);
      await log.indexInvite('b'.repeat(64), other);
      // Recording the same code again changes nothing, even if it names another talks.
      await log.indexInvite(hash, other);
      expect(await log.findInviteTalks(hash)).toBe(talksId);
      expect(await log.findInviteTalks('b'.repeat(64))).toBe(other);
      expect(await log.findInviteTalks('c'.repeat(64))).toBeUndefined();
      const another = await harness.openAnother();
      expect(await another.findInviteTalks(hash)).toBe(talksId);
      await log.close();
      expect(await another.findInviteTalks('b'.repeat(64))).toBe(other);
    });

    it('[LOG6] keeps every event, command and head across close and reopen', async () => {
      const command = commandRecord();
      const [event] = appended(
        await log.append({ talksId, expectedSeq: 0, events: [newEvent('joint')], command }),
      );
      await log.close();
      const reopened = await harness.openAnother();
      expect(await reopened.read(talksId, 0)).toEqual([event]);
      expect(await reopened.head(talksId)).toEqual({ seq: 1, hash: event!.hash });
      expect(await reopened.findCommand(talksId, command.commandId)).toEqual(command);
      expect(await reopened.listTalks()).toEqual([talksId]);
      const [next] = appended(
        await reopened.append({ talksId, expectedSeq: 1, events: [newEvent('joint')] }),
      );
      expect(next).toMatchObject({ seq: 2, aseq: 2, prevHash: event!.hash });
    });

    it('[LOG7] never forks the chain when two writers race 200 appends', async () => {
      const second = await harness.openAnother();
      const audiences: Audience[] = ['joint', 'room:p1', 'room:p2'];
      const writer = async (writerLog: EventLog, label: string) => {
        let conflicts = 0;
        for (let index = 0; index < 100; index += 1) {
          conflicts += await appendWithRetry(writerLog, talksId, [
            newEvent(audiences[index % 3]!, `${label} ${index}`),
          ]);
        }
        return conflicts;
      };
      await Promise.all([writer(log, 'first'), writer(second, 'second')]);
      const read = await log.read(talksId, 0);
      expect(read.map((event) => event.seq)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
      expect(await verifyTalksChain(second, talksId)).toMatchObject({ ok: true, count: 200 });
      for (const audience of audiences) {
        const aseqs = read.filter((event) => event.audience === audience).map((event) => event.aseq);
        expect(aseqs).toEqual(aseqs.map((_, index) => index + 1));
      }
    });

    // Appends made in one turn of the event loop reach the store together, so
    // each adapter commits them in one group; each must still be answered alone.
    describe('group commit: appends made together', () => {
      it('[LOG1] settles many concurrent appends to many talks, each chained as if it came alone', async () => {
        const talks = Array.from({ length: 40 }, () => newTalksId());
        // Three appends per talks, made at once: each expects the seq the one before it leaves.
        const outcomes = await Promise.all(
          talks.flatMap((id) =>
            [0, 2, 3].map((expectedSeq, index) =>
              log.append({
                talksId: id,
                expectedSeq,
                events: index === 0 ? [newEvent('joint'), newEvent('room:p1')] : [newEvent('joint')],
                command: commandRecord(index),
              }),
            ),
          ),
        );
        expect(outcomes.every((outcome) => outcome.kind === 'appended')).toBe(true);
        for (const id of talks) {
          const read = await log.read(id, 0);
          expect(read.map((event) => [event.seq, event.audience, event.aseq])).toEqual([
            [1, 'joint', 1],
            [2, 'room:p1', 1],
            [3, 'joint', 2],
            [4, 'joint', 3],
          ]);
          expect(await verifyTalksChain(log, id)).toMatchObject({ ok: true, count: 4 });
        }
        expect(new Set(await log.listTalks())).toEqual(new Set(talks));
      });

      it('[LOG3] fails only the append whose expectedSeq is stale, not the others made with it', async () => {
        const other = newTalksId();
        const lost = commandRecord();
        const [first, stale, next, elsewhere] = await Promise.allSettled([
          log.append({ talksId, expectedSeq: 0, events: [newEvent('joint')] }),
          log.append({ talksId, expectedSeq: 0, events: [newEvent('joint')], command: lost }),
          log.append({ talksId, expectedSeq: 1, events: [newEvent('gallery')] }),
          log.append({ talksId: other, expectedSeq: 0, events: [newEvent('joint')] }),
        ]);
        expect(first).toMatchObject({ status: 'fulfilled', value: { kind: 'appended' } });
        expect(stale).toMatchObject({ status: 'rejected', reason: { code: 'CONFLICT' } });
        expect(next).toMatchObject({ status: 'fulfilled', value: { kind: 'appended' } });
        expect(elsewhere).toMatchObject({ status: 'fulfilled', value: { kind: 'appended' } });
        expect((await log.read(talksId, 0)).map((event) => [event.seq, event.audience])).toEqual([
          [1, 'joint'],
          [2, 'gallery'],
        ]);
        expect(await log.findCommand(talksId, lost.commandId)).toBeUndefined();
        expect(await verifyTalksChain(log, talksId)).toMatchObject({ ok: true, count: 2 });
        expect(await log.head(other)).toMatchObject({ seq: 1 });
      });

      it('[LOG4] answers the second of two appends with one commandId, made together, as a duplicate', async () => {
        const command = commandRecord({ ok: true, first: true });
        const [first, second, unrelated] = await Promise.all([
          log.append({ talksId, expectedSeq: 0, events: [newEvent('joint')], command }),
          log.append({
            talksId,
            expectedSeq: 1,
            events: [newEvent('joint'), newEvent('joint')],
            command: { ...command, result: 'other' },
          }),
          log.append({ talksId, expectedSeq: 1, events: [newEvent('mediation')], command: commandRecord() }),
        ]);
        expect(first).toMatchObject({ kind: 'appended', events: [{ seq: 1 }] });
        expect(second).toEqual({ kind: 'duplicate', record: command });
        expect(unrelated).toMatchObject({ kind: 'appended', events: [{ seq: 2, audience: 'mediation' }] });
        expect((await log.read(talksId, 0)).map((event) => event.commandId)).toEqual([
          command.commandId,
          appended(unrelated)[0]!.commandId,
        ]);
        expect(await log.findCommand(talksId, command.commandId)).toEqual(command);
      });
    });

    describe('[AUD1] tampering with the stored log', () => {
      beforeEach(async () => {
        await seed(['joint', 'room:p1', 'mediation', 'joint', 'room:p2']);
        await seed(['joint', 'gallery', 'room:p1']);
      });

      const bodyAt = async (seq: number): Promise<string> => {
        const [entry] = await log.readEntries(talksId, seq - 1, 1);
        return entry!.body;
      };

      it('verifies an untouched chain', async () => {
        const head = await log.head(talksId);
        expect(await verifyTalksChain(log, talksId)).toEqual({ ok: true, count: 8, head });
      });

      it('returns the raw rows the chain was computed over', async () => {
        const entries = await log.readEntries(talksId, 2, 3);
        const events = await log.read(talksId, 2, 3);
        expect(entries.map((entry) => entry.seq)).toEqual([3, 4, 5]);
        expect(entries.map((entry) => [entry.audience, entry.aseq, entry.prevHash, entry.hash])).toEqual(
          events.map((event) => [event.audience, event.aseq, event.prevHash, event.hash]),
        );
      });

      it('detects one changed byte in one stored body', async () => {
        const body = await bodyAt(4);
        const position = body.indexOf('said') + 1;
        await harness.tamper.setBody(talksId, 4, `${body.slice(0, position)}A${body.slice(position + 1)}`);
        expect(await verifyTalksChain(log, talksId)).toMatchObject({ ok: false, seq: 4 });
      });

      it('detects a deleted event', async () => {
        await harness.tamper.deleteEvent(talksId, 3);
        expect(await verifyTalksChain(log, talksId)).toMatchObject({ ok: false, seq: 3 });
      });

      it('detects a deleted last event through the recorded head', async () => {
        await harness.tamper.deleteEvent(talksId, 8);
        expect(await verifyTalksChain(log, talksId)).toMatchObject({ ok: false, seq: 8 });
      });

      it('detects two events whose bodies were swapped', async () => {
        const [second, sixth] = [await bodyAt(2), await bodyAt(6)];
        await harness.tamper.setBody(talksId, 2, sixth);
        await harness.tamper.setBody(talksId, 6, second);
        expect(await verifyTalksChain(log, talksId)).toMatchObject({ ok: false, seq: 2 });
      });
    });
  });
};
