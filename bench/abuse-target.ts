import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PartyId } from '../shared/src/index.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { memoryNow, serveParent } from './child.js';
import { startParley } from './parley.js';

// The server of the abuse run (`npm run bench -- --abuse`), alone in its process so its
// memory is its own: Parley with the production defaults for budgets and the socket cap,
// on a fresh store holding one talks whose history is long enough that a `sync` from
// empty cursors used to answer a full 2,000-event page (about 1 MB).

export interface AbuseCast {
  url: string;
  talksId: string;
  parties: [string, string];
  tokens: { lead: string; headA: string; headB: string; flooder: string };
  historyEvents: number;
}

const HISTORY_EVENTS = 2_400;
const HISTORY_TEXT = 'Notes on the water-sharing schedule for the dry season, clause by clause. '.repeat(6);

const dataDir = await mkdtemp(join(tmpdir(), 'parley-abuse-'));
// NORMAL only to seed the history quickly; the budgets do not depend on durability.
const running = await startParley({ dataDir, synchronous: 'NORMAL', addressBudgets: true });

async function seed(): Promise<AbuseCast> {
  const { service, tokens } = running.app;
  const opened = await service.openTalks({ title: 'Abuse run', partyNames: ['Northland', 'Southland'] });
  const talksId = opened.talksId;
  const [a, b] = opened.parties.map((party) => party.id) as [PartyId, PartyId];
  const lead = await service.redeemInvite(opened.invite.code, 'Lead mediator');
  const seat = async (role: 'head' | 'delegate', partyId: PartyId, name: string) =>
    service.redeemInvite((await service.operatorInvite(talksId, { role, partyId })).code, name);
  const headA = await seat('head', a, 'Head of Northland');
  const headB = await seat('head', b, 'Head of Southland');
  // The flooder: a delegate of Southland, who may read Southland's caucus and the talks.
  const flooder = await seat('delegate', b, 'Flooding delegate');
  await service.execute(talksId, lead.id, randomUUID(), 'phase.change', { to: 'pre-negotiation' });
  for (let i = 0; i < HISTORY_EVENTS; i++) {
    await service.execute(talksId, flooder.id, randomUUID(), 'message.post', {
      audience: 'caucus',
      text: `${i} ${HISTORY_TEXT}`,
    });
  }
  const token = async (member: typeof lead) => (await tokens.issueSession(member)).token;
  return {
    url: running.url,
    talksId,
    parties: [a, b],
    tokens: { lead: await token(lead), headA: await token(headA), headB: await token(headB), flooder: await token(flooder) },
    historyEvents: HISTORY_EVENTS,
  };
}

// How long callbacks waited for the main thread: tells a stalled server from a starved machine.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

serveParent(
  {
    loopReset: () => loopDelay.reset(),
    loopDelay: () => ({ p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 }),
    seed: () => seed(),
    /** After full collections: what is still held. */
    memory: () => memoryNow(),
    /** Resident memory as it is, without collecting first (for the peak during the flood). */
    rss: () => process.memoryUsage().rss,
  },
  async () => {
    await running.close();
    await rm(dataDir, { recursive: true, force: true });
  },
);
