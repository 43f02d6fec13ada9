import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/src/index.js';
import { verifyTalksChain } from '../../server/src/log/audit.js';
import { fullRound } from '../domain/full-round.js';
import { recording, replay } from '../support/replay.js';
import type { TestClient } from '../support/server.js';
import { startTwoNodes, type ClusterFanout, type TwoNodes } from '../support/two-nodes.js';

// [NOD1] The whole shuttle and agreement round of test/domain/full-round.ts (invites and
// joins, a revoked invite, caucus, room, mediation and joint messages, submissions and a
// withdrawal, conveyances, a counter response, a summary with changes requested, approved
// and published, a removed member, the agenda, bracketed clauses, the authentic language,
// the glossary, shared versions, comments, early implementation, marks, acceptance, keys and
// signatures) replayed on two nodes: every member holds a socket on each node and its
// commands go to them in turn, each sent as soon as the previous answer arrived; invites are
// redeemed on alternate nodes. Every answer must be ok, as it was on one decider; at the end
// both nodes answer every member the same talks.get and sync, and the lead the same audit.

const FANOUTS: ClusterFanout[] = ['postgres', 'redis'];

const result = <T>(answer: Ack<T>): T => {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result;
};

/** A view without presence (who is online differs with every socket opened or closed). */
const viewOf = async (client: TestClient) => {
  const { online: _online, ...view } = result(await client.command<Record<string, unknown>>('talks.get'));
  return view;
};

describe.each(FANOUTS)('the full round on two nodes (fan-out %s)', (fanout) => {
  let cluster: TwoNodes;
  beforeAll(async () => {
    cluster = await startTwoNodes(fanout);
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('[NOD1] every command of the round, alternating between the nodes without waiting, is answered ok, and both nodes then answer alike', async () => {
    const { s } = fullRound(['Northland', 'Southland'], recording);
    const recorded = s as ReturnType<typeof recording>;
    const outcome = await replay(recorded, cluster.nodes);
    expect(outcome.answers.filter((answer) => !answer.endsWith('→ ok'))).toEqual([]);
    expect(outcome.answers.length).toBe(recorded.steps.filter((step) => step.kind === 'run').length);

    const [one] = cluster.nodes;
    const stored = await one.log.read(outcome.talksId as never, 0, 10_000);
    // Re-entry and token refresh are HTTP sign-ins with real tokens, not socket commands: the
    // replay does not redo them (test/realtime/sessions.test.ts covers them on real servers).
    const signIns = new Set(['member.reentered', 'session.renewed', 'session.revoked']);
    expect(stored.map((event) => event.type)).toEqual(
      s.log.map((event) => event.type).filter((type) => !signIns.has(type)),
    );
    expect((await verifyTalksChain(one.log, outcome.talksId as never)).ok).toBe(true);

    for (const [name, seat] of outcome.seats) {
      const [onOne, onTwo] = seat.sockets as [TestClient, TestClient];
      expect(await viewOf(onTwo), `${name}'s talks.get`).toEqual(await viewOf(onOne));
      expect(result(await onTwo.sync({})), `${name}'s sync`).toEqual(result(await onOne.sync({})));
      if (seat.grant.member.role === 'lead-mediator') {
        const audit = async (client: TestClient) => result(await client.command('audit.read', {}));
        expect(await audit(onTwo), 'the audit').toEqual(await audit(onOne));
      }
    }
  });
});
