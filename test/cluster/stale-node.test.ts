import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/src/index.js';
import type { TestClient, TestServer } from '../support/server.js';
import { startTwoNodes, type TwoNodes } from '../support/two-nodes.js';

// [NOD1] The reproduction of issue 15 item 3: two nodes on one PostgreSQL with the
// PostgreSQL fan-out. Both heads approve a summary through node 2 and are acknowledged;
// the lead publishes through node 1 right after. Node 1 must not decide on what fan-out
// has delivered so far: it answered CONFLICT "Waiting for the approval of: Southland."
// Several rounds, because fan-out sometimes wins the race and hides the bug.

let cluster: TwoNodes;
beforeAll(async () => {
  cluster = await startTwoNodes('postgres');
});
afterAll(async () => {
  await cluster.close();
});

const ok = <T>(answer: Ack<T>, what: string): T => {
  if (!answer.ok) throw new Error(`${what}: ${answer.error.code}: ${answer.error.message}`);
  return answer.result;
};

/**
 * As in the report, the heads joined through node 1 and act through node 2: until node 2
 * catches up on its own, it may not know them yet, so the setup tries again (that staleness
 * is [NOD1] too, tested by the next case; here it must not hide the publish).
 */
async function connectOnceKnown(node: TestServer, token: string): Promise<TestClient> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await node.connect(token);
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('two nodes decide on the latest state', () => {
  it('[NOD1] every acknowledged event is visible to the next command on any node: the lead publishes on node 1 right after both heads approved on node 2', async () => {
    const [one, two] = cluster.nodes;
    const talks = await one.createTalks({ parties: ['Northland', 'Southland'] });
    const lead = await one.connect((await one.join(talks.invite.code, 'Lead Mediator')).token);
    ok(await lead.command('phase.change', { to: 'pre-negotiation' }), 'phase');
    const heads: TestClient[] = [];
    for (const party of talks.parties) {
      const invite = ok(await lead.command<{ code: string }>('member.invite', { role: 'head', partyId: party.id }), 'invite');
      heads.push(await connectOnceKnown(two, (await one.join(invite.code, `Head of ${party.name}`)).token));
    }
    for (let round = 0; round < 5; round++) {
      const { summaryId } = ok(await lead.command<{ summaryId: string }>('summary.draft', { text: `Round ${round}.` }), 'draft');
      // Each head approves the summary it sees, as a person would: once it reached the room.
      for (const head of heads) {
        await head.waitFor((event) => event.type === 'summary.proposed' && event.payload.summaryId === summaryId);
        ok(await head.command('summary.approve', { summaryId }), 'approve');
      }
      expect(await lead.command('summary.publish', { summaryId }), `round ${round}`).toEqual({ ok: true, result: {} });
    }
  });

  it('[NOD1] a member who just joined through one node is known at once to the other: it connects, syncs, reads and acts there', async () => {
    const [one, two] = cluster.nodes;
    const talks = await one.createTalks({ parties: ['Northland', 'Southland'] });
    const lead = await one.connect((await one.join(talks.invite.code, 'Lead Mediator')).token);
    ok(await lead.command('phase.change', { to: 'pre-negotiation' }), 'phase');
    for (let round = 0; round < 3; round++) {
      const invite = ok(await lead.command<{ code: string }>('member.invite', { role: 'delegate', partyId: talks.parties[0]?.id }), 'invite');
      // Issued on node 1, redeemed on node 2, connected on node 1, acting on both.
      const grant = await two.join(invite.code, `Delegate ${round}`);
      const onOne = await one.connect(grant.token);
      ok(await onOne.command('message.post', { audience: 'caucus', text: `hello ${round}` }), 'post on node 1');
      const view = ok(await lead.command<{ members: { id: string }[] }>('talks.get'), 'talks.get');
      expect(view.members.map((member) => member.id)).toContain(grant.member.id);
      const synced = ok(await onOne.sync({}), 'sync');
      expect(synced.events.some((event) => event.type === 'message.posted')).toBe(true);
      ok(await lead.command('member.remove', { memberId: grant.member.id }), 'remove on node 1');
      // Removed through node 1: node 2 refuses the member's next socket at once.
      await expect(two.connect(grant.token)).rejects.toThrow();
    }
  });
});
