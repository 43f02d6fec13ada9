import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCLOSURES, STANCES, type Ack, type SessionGrant } from '../../shared/src/index.js';
import { startTestServer, type TestClient, type TestServer } from '../support/server.js';
import { startTwoNodes, type TwoNodes } from '../support/two-nodes.js';

// [NOD1] Generated command sequences, each played twice: on one node, and on two nodes
// sharing PostgreSQL (PostgreSQL fan-out) with every member's commands going to the nodes
// in turn, sent as soon as the previous answer arrived. Nothing may tell the two apart: the
// same answer (ok, or the same error code) to every command, and at the end the same talks
// view for every member, ids and times normalised. Late joiners are invited through one node,
// redeemed through the other and act at once; removed members are refused a socket at once.
//
// PARLEY_NODES_RUNS sets how many sequences run (12 by default, ~30 s on 2 cores);
// PARLEY_NODES_TALLY=1 prints how often each command met each answer.

const RUNS = Number(process.env.PARLEY_NODES_RUNS ?? 12);
const NOWHERE = '00000000-0000-4000-8000-000000000000';

type Op =
  | { kind: 'post'; channel: 'caucus' | 'room' | 'mediation' | 'joint'; party: number }
  | { kind: 'submit'; disclosure: (typeof DISCLOSURES)[number] }
  | { kind: 'withdraw'; target: number }
  | { kind: 'convey'; source: 'submissionId' | 'responseId' | 'bridge'; target: number; party: number }
  | { kind: 'respond'; target: number; stance: (typeof STANCES)[number]; disclosure: (typeof DISCLOSURES)[number] }
  | { kind: 'summary'; step: 'draft' | 'approve' | 'requestChanges' | 'publish'; target: number }
  | { kind: 'phase'; to: 'preparation' | 'pre-negotiation' | 'negotiation' | 'suspended' }
  | { kind: 'agenda'; target: number }
  | { kind: 'clause'; item: number }
  | { kind: 'clauseState'; target: number }
  | { kind: 'share' }
  | { kind: 'mark'; target: number; canLiveWith: boolean }
  | { kind: 'accept' }
  | { kind: 'read'; what: 'talks.get' | 'audit.read' }
  | { kind: 'join'; party: number }
  | { kind: 'remove'; target: number }
  /** The report's path in one step: a mediator drafts, every head approves, the lead publishes. */
  | { kind: 'summaryRound' }
  /** A head submits, the lead conveys it to the other party, whose head counters. */
  | { kind: 'shuttle'; disclosure: (typeof DISCLOSURES)[number]; party: number };

interface Step {
  /** Mostly the member the command suits; now and then anyone, to reach the refusals. */
  fit: boolean;
  seat: number;
  op: Op;
}

const n = fc.nat(30);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('post' as const), channel: fc.constantFrom('caucus' as const, 'room' as const, 'mediation' as const, 'joint' as const), party: n }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('submit' as const), disclosure: fc.constantFrom(...DISCLOSURES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), target: n }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('convey' as const), source: fc.constantFrom('submissionId' as const, 'responseId' as const, 'bridge' as const), target: n, party: n }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('respond' as const), target: n, stance: fc.constantFrom(...STANCES), disclosure: fc.constantFrom(...DISCLOSURES) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('summary' as const), step: fc.constantFrom('draft' as const, 'approve' as const, 'requestChanges' as const, 'publish' as const), target: n }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('phase' as const), to: fc.constantFrom('preparation' as const, 'pre-negotiation' as const, 'negotiation' as const, 'negotiation' as const, 'suspended' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('agenda' as const), target: n }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clause' as const), item: n }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clauseState' as const), target: n }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('share' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('mark' as const), target: n, canLiveWith: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('accept' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('read' as const), what: fc.constantFrom('talks.get' as const, 'audit.read' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('join' as const), party: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), target: n }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('summaryRound' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('shuttle' as const), disclosure: fc.constantFrom(...DISCLOSURES), party: n }) },
);
const plan = fc.array(
  fc.record({ fit: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false)), seat: fc.nat(40), op }),
  { minLength: 6, maxLength: 24 },
);

const MEDIATORS = ['lead-mediator', 'co-mediator'];
const LEAD = ['lead-mediator'];
const HEADS = ['head'];
const PARTY = ['head', 'delegate'];

/** Who a command suits, by role. */
function suits(op: Op): readonly string[] {
  switch (op.kind) {
    case 'post':
      return op.channel === 'mediation' ? MEDIATORS : op.channel === 'caucus' ? PARTY : [...MEDIATORS, ...PARTY];
    case 'submit':
    case 'withdraw':
      return PARTY;
    case 'respond':
    case 'mark':
    case 'accept':
      return HEADS;
    case 'summary':
      return op.step === 'publish' ? LEAD : op.step === 'draft' ? MEDIATORS : HEADS;
    case 'phase':
    case 'remove':
    case 'join':
      return LEAD;
    case 'read':
      return op.what === 'audit.read' ? LEAD : [...MEDIATORS, ...PARTY, 'observer'];
    default:
      return MEDIATORS;
  }
}

/** The cast every sequence starts with, by seat: who, and which party (index) it sits for. */
const CAST = [
  { role: 'lead-mediator', party: null },
  { role: 'co-mediator', party: null },
  { role: 'head', party: 0 },
  { role: 'delegate', party: 0 },
  { role: 'head', party: 1 },
  { role: 'delegate', party: 1 },
  { role: 'observer', party: 0 },
] as const;

interface Seat {
  grant: SessionGrant;
  sockets: TestClient[];
  sent: number;
  removed: boolean;
}

/** One world: the nodes it runs on, its seats, and the ids its answers handed out (by result key). */
class World {
  readonly seats: Seat[] = [];
  readonly pools = new Map<string, string[]>();
  readonly answers: string[] = [];
  parties: string[] = [];
  versions = 0;
  #turn = 0;

  constructor(readonly nodes: readonly TestServer[]) {}

  /** A fresh talks with the cast seated, in pre-negotiation. */
  async open(): Promise<void> {
    const talks = await (this.nodes[0] as TestServer).createTalks({ parties: ['Northland', 'Southland'], observerCap: 1 });
    this.parties = talks.parties.map((party) => party.id);
    await this.#seat(await redeem(this.nodes[0] as TestServer, talks.invite.code, 'Lead'));
    for (const member of CAST.slice(1)) {
      const partyId = member.party === null ? undefined : this.parties[member.party];
      await this.#invite(member.role, partyId, `${member.role} ${member.party ?? ''}`);
    }
    await this.send(0, 'phase.change', { to: 'pre-negotiation' });
  }

  /** Invited through the lead's next node, redeemed through the next node in turn, then connected everywhere. */
  async #invite(role: string, partyId: string | undefined, name: string): Promise<Ack> {
    const invited = await this.send(0, 'member.invite', { role, ...(partyId ? { partyId } : {}) });
    if (!invited.ok) return invited;
    const node = this.nodes[this.#turn++ % this.nodes.length] as TestServer;
    await this.#seat(await redeem(node, String((invited.result as { code: string }).code), name));
    return invited;
  }

  async #seat(grant: SessionGrant): Promise<void> {
    const sockets: TestClient[] = [];
    for (let index = 0; index < this.nodes.length; index++) {
      sockets.push(await (this.nodes[(this.#turn + index) % this.nodes.length] as TestServer).connect(grant.token));
    }
    this.seats.push({ grant, sockets, sent: 0, removed: false });
  }

  /** Sends a command as the member in this seat, through its next node; keeps the ids the answer names. */
  async send(seat: number, type: string, payload: Record<string, unknown>): Promise<Ack> {
    const member = this.seats[seat] as Seat;
    const socket = member.sockets[member.sent++ % member.sockets.length] as TestClient;
    const answer: Ack<Record<string, unknown>> = await socket.command(type, payload);
    this.answers.push(`${seat} ${type} → ${answer.ok ? 'ok' : answer.error.code}`);
    if (answer.ok) {
      for (const [key, value] of Object.entries(answer.result ?? {})) {
        if (key.endsWith('Id') && typeof value === 'string') this.pools.set(key, [...(this.pools.get(key) ?? []), value]);
      }
      if (type === 'text.shareVersion') this.versions += 1;
    }
    return answer;
  }

  /** The seats (not removed) whose member has one of these roles. */
  #seatsOf(roles: readonly string[]): number[] {
    return this.seats.flatMap((member, seat) => (!member.removed && roles.includes(member.grant.member.role) ? [seat] : []));
  }

  /** A seat the command suits, chosen by `choice`; the lead when none is left. */
  suited(roles: readonly string[], choice: number): number {
    const candidates = this.#seatsOf(roles);
    return candidates.length === 0 ? 0 : (candidates[choice % candidates.length] as number);
  }

  pick(key: string, index: number): string {
    const pool = this.pools.get(key) ?? [];
    return pool.length === 0 ? NOWHERE : (pool[index % pool.length] as string);
  }

  party(index: number): string {
    return this.parties[index % this.parties.length] as string;
  }

  /** Plays one step; a removed member's turn tries a new socket instead (it must be refused). */
  async play({ fit, seat: choice, op }: Step, index: number): Promise<void> {
    const seat = fit ? this.suited(suits(op), choice) : choice % this.seats.length;
    const member = this.seats[seat] as Seat;
    if (member.removed) {
      const node = this.nodes[index % this.nodes.length] as TestServer;
      const admitted = await node.connect(member.grant.token).then(
        (client) => (client.close(), 'admitted'),
        () => 'refused',
      );
      this.answers.push(`${seat} connect after removal → ${admitted}`);
      return;
    }
    const text = `words ${index}`;
    switch (op.kind) {
      case 'post': {
        const partyId = op.channel === 'room' && member.grant.member.partyId === null ? this.party(op.party) : undefined;
        await this.send(seat, 'message.post', { audience: op.channel, text, ...(partyId ? { partyId } : {}) });
        return;
      }
      case 'submit':
        await this.send(seat, 'submission.create', { text, disclosure: op.disclosure });
        return;
      case 'withdraw':
        await this.send(seat, 'submission.withdraw', { submissionId: this.pick('submissionId', op.target) });
        return;
      case 'convey': {
        const source = op.source === 'bridge' ? {} : { [op.source]: this.pick(op.source, op.target) };
        await this.send(seat, 'conveyance.create', { toPartyId: this.party(op.party), text: `In our words ${index}`, ...source });
        return;
      }
      case 'respond':
        await this.send(seat, 'response.create', {
          conveyanceId: this.pick('conveyanceId', op.target),
          stance: op.stance,
          text,
          disclosure: op.disclosure,
        });
        return;
      case 'summary':
        if (op.step === 'draft') await this.send(seat, 'summary.draft', { text });
        else if (op.step === 'requestChanges') await this.send(seat, 'summary.requestChanges', { summaryId: this.pick('summaryId', op.target), text });
        else await this.send(seat, `summary.${op.step}`, { summaryId: this.pick('summaryId', op.target) });
        return;
      case 'phase':
        await this.send(seat, 'phase.change', { to: op.to });
        return;
      case 'agenda':
        await this.send(seat, 'agenda.add', { title: `Item ${index}` });
        return;
      case 'clause': {
        const items = this.pools.get('itemId') ?? [];
        await this.send(seat, 'text.draftClause', {
          agendaItemIds: items.length === 0 ? [] : [this.pick('itemId', op.item)],
          texts: { en: `Clause ${index}.` },
        });
        return;
      }
      case 'clauseState':
        await this.send(seat, 'text.setClauseState', { clauseId: this.pick('clauseId', op.target), state: 'agreed' });
        return;
      case 'share':
        await this.send(seat, 'text.shareVersion', {});
        return;
      case 'mark':
        await this.send(seat, 'package.mark', { version: Math.max(1, this.versions), clauseId: this.pick('clauseId', op.target), canLiveWith: op.canLiveWith });
        return;
      case 'accept':
        await this.send(seat, 'package.accept', { version: Math.max(1, this.versions) });
        return;
      case 'read':
        await this.send(seat, op.what, {});
        return;
      case 'join':
        await this.#invite('delegate', this.party(op.party), `late delegate ${index}`);
        return;
      case 'summaryRound': {
        const drafted = await this.send(seat, 'summary.draft', { text });
        const summaryId = drafted.ok ? String((drafted.result as { summaryId: string }).summaryId) : NOWHERE;
        for (const head of this.#seatsOf(HEADS)) await this.send(head, 'summary.approve', { summaryId });
        await this.send(0, 'summary.publish', { summaryId });
        return;
      }
      case 'shuttle': {
        const heads = this.#seatsOf(HEADS);
        const from = heads[op.party % Math.max(1, heads.length)] ?? 0;
        const submitted = await this.send(from, 'submission.create', { text, disclosure: op.disclosure });
        const submissionId = submitted.ok ? String((submitted.result as { submissionId: string }).submissionId) : NOWHERE;
        const fromParty = (this.seats[from] as Seat).grant.member.partyId;
        const toPartyId = this.parties.find((party) => party !== fromParty) ?? this.party(0);
        const conveyed = await this.send(0, 'conveyance.create', { toPartyId, text: `In our words ${index}`, submissionId });
        const conveyanceId = conveyed.ok ? String((conveyed.result as { conveyanceId: string }).conveyanceId) : NOWHERE;
        const to = heads.find((head) => (this.seats[head] as Seat).grant.member.partyId === toPartyId) ?? from;
        await this.send(to, 'response.create', { conveyanceId, stance: 'counter', text: `counter ${index}`, disclosure: 'verbatim' });
        return;
      }
      case 'remove': {
        const target = 1 + (op.target % (this.seats.length - 1));
        const removed = await this.send(seat, 'member.remove', { memberId: (this.seats[target] as Seat).grant.member.id });
        if (removed.ok) (this.seats[target] as Seat).removed = true;
        return;
      }
    }
  }

  /** Every seated member's talks.get, through each of its sockets, ids and times normalised. */
  async views(): Promise<unknown[]> {
    const views: unknown[] = [];
    for (const member of this.seats) {
      if (member.removed) continue;
      for (const socket of member.sockets) {
        const answer = await socket.command<Record<string, unknown>>('talks.get');
        if (!answer.ok) throw new Error(`talks.get: ${answer.error.code}`);
        const { online: _online, ...view } = answer.result;
        views.push(normalised(view));
      }
    }
    return views;
  }

  close(): void {
    for (const member of this.seats) for (const socket of member.sockets) socket.close();
  }
}

let addresses = 0;

/** Each person redeems from an address of their own (behind a trusted proxy), as people do: the per-address limit is not under test. */
async function redeem(node: TestServer, code: string, displayName: string): Promise<SessionGrant> {
  addresses += 1;
  const response = await fetch(`${node.url}/api/invites/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}` },
    body: JSON.stringify({ code, displayName }),
  });
  if (response.status !== 200) throw new Error(`redeem: ${response.status} ${await response.text()}`);
  return (await response.json()) as SessionGrant;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/** Ids become their order of first appearance, times a placeholder: what remains must be equal. */
function normalised(value: unknown, ids = new Map<string, string>()): unknown {
  if (typeof value === 'string') {
    if (UUID.test(value)) {
      if (!ids.has(value)) ids.set(value, `id#${ids.size + 1}`);
      return ids.get(value);
    }
    return TIME.test(value) ? '<time>' : value;
  }
  if (Array.isArray(value)) return value.map((item) => normalised(item, ids));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalised(item, ids)]));
  }
  return value;
}

let single: TestServer;
let cluster: TwoNodes;
beforeAll(async () => {
  single = await startTestServer({ env: { PARLEY_LOG_LEVEL: 'warn', PARLEY_TRUST_PROXY: 'true' } });
  cluster = await startTwoNodes('postgres', { PARLEY_TRUST_PROXY: 'true' });
});
afterAll(async () => {
  await cluster.close();
  await single.close();
});

async function playOn(nodes: readonly TestServer[], steps: readonly Step[]): Promise<World> {
  const world = new World(nodes);
  await world.open();
  for (const [index, step] of steps.entries()) await world.play(step, index);
  return world;
}

describe('generated commands on two nodes', () => {
  it('[NOD1] any command sequence, alternating between two nodes, gets the answers and leaves the views one node gives', async () => {
    const tally = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(plan, async (steps) => {
        const one = await playOn([single], steps);
        const two = await playOn(cluster.nodes, steps);
        try {
          expect(two.answers).toEqual(one.answers);
          const views = await two.views();
          const reference = await one.views();
          // Each member's view is the same through either node, and the same as on one node.
          for (let index = 0; index < reference.length; index++) {
            expect(views[2 * index], `member ${index} on node 1`).toEqual(reference[index]);
            expect(views[2 * index + 1], `member ${index} on node 2`).toEqual(reference[index]);
          }
          for (const answer of one.answers) {
            const key = answer.replace(/^\d+ /, '');
            tally.set(key, (tally.get(key) ?? 0) + 1);
          }
        } finally {
          one.close();
          two.close();
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    if (process.env.PARLEY_NODES_TALLY) console.log([...tally].sort().map(([key, count]) => `${count}\t${key}`).join('\n'));
    // The generator must reach the rules, not only their refusals.
    const reached = [...tally.keys()].filter((key) => key.endsWith('→ ok'));
    for (const wanted of ['summary.publish → ok', 'conveyance.create → ok', 'response.create → ok', 'member.invite → ok']) {
      expect(reached, JSON.stringify([...tally])).toContain(wanted);
    }
  });
});
