import { canonicalInputOf, signaturePayloadJson, textHashOf } from '../../shared/src/agreement.js';
import type { Ack, Command, PartyId, SessionGrant, SharedVersion, TalksId } from '../../shared/src/index.js';
import type { TalksView } from '../../server/src/visibility/view.js';
import { testSigner, type TestSigner } from '../domain/agreement-support.js';
import type { Decision } from '../../server/src/talks/decision.js';
import { Scenario, type ScenarioOptions } from './domain.js';
import type { TestClient, TestServer } from './server.js';

// A domain scenario (test/support/domain.ts) recorded step by step, then replayed over
// real sockets on one or several nodes: each member's commands go to the nodes in turn,
// sent as soon as the previous answer came back, and every answer must be ok, as it was in
// the domain. Ids differ between the two worlds, so each id the domain handed out is mapped
// to the one the server handed out at the same step, and payloads are translated.

export type Step =
  | { kind: 'run'; actor: string; command: Command; result: Record<string, unknown> }
  | { kind: 'redeem'; name: string; code: string; memberId: string };

/** A scenario that keeps every command it ran and every invite it redeemed, in order. */
export class RecordingScenario extends Scenario {
  readonly steps: Step[] = [];
  opened: ScenarioOptions = {};

  override open(options: ScenarioOptions = {}): this {
    this.opened = options;
    return super.open(options);
  }

  override run(command: Command, actorName: string): Decision {
    const decided = super.run(command, actorName);
    this.steps.push({ kind: 'run', actor: actorName, command: structuredClone(command), result: { ...decided.result } });
    return decided;
  }

  override redeemAs(name: string, code: string, displayName = name): this {
    super.redeemAs(name, code, displayName);
    this.steps.push({ kind: 'redeem', name, code, memberId: this.member(name).id });
    return this;
  }
}

export const recording = (options: ScenarioOptions): RecordingScenario => new RecordingScenario().open(options);

interface Seat {
  grant: SessionGrant;
  /** One socket per node; the member's commands take them in turn. */
  sockets: TestClient[];
  /** The node (index) of each socket. */
  on: number[];
  sent: number;
  signer?: TestSigner;
}

export interface ReplayOutcome {
  talksId: string;
  /** The members still seated, by the scenario's names. */
  seats: Map<string, { grant: SessionGrant; sockets: TestClient[] }>;
  /** Every answer, in order: `type → ok` or `type → CODE: message`. */
  answers: string[];
}

/** Replays the recorded steps on these nodes (one node or several behind a balancer). */
export async function replay(recorded: RecordingScenario, nodes: readonly TestServer[]): Promise<ReplayOutcome> {
  const [first] = nodes;
  if (!first) throw new Error('no node');
  const opened = recorded.opened;
  const talks = await first.createTalks({
    title: opened.title ?? 'Proximity talks',
    parties: opened.parties ?? ['A', 'B'],
    ...(opened.observerCap === undefined ? {} : { observerCap: opened.observerCap }),
  });
  const ids = new Map<string, string>([[recorded.state.id, talks.talksId]]);
  recorded.state.parties.forEach((party, index) => ids.set(party.id, talks.parties[index]?.id ?? ''));
  const seats = new Map<string, Seat>();
  const answers: string[] = [];
  let redeemed = 0;
  const [openStep, ...steps] = recorded.steps;
  if (openStep?.kind !== 'redeem') throw new Error('a recording starts with the lead redeeming the opening invite');
  ids.set(openStep.code, talks.invite.code);

  for (const step of [openStep, ...steps]) {
    if (step.kind === 'redeem') {
      // Redeemed on the next node in turn, then connected to every node, the others first.
      const at = redeemed++ % nodes.length;
      const grant = await (nodes[at] as TestServer).join(translate(step.code, ids), step.name);
      ids.set(step.memberId, grant.member.id);
      const on = nodes.map((_, index) => (at + 1 + index) % nodes.length);
      const sockets: TestClient[] = [];
      for (const index of on) {
        const socket = await (nodes[index] as TestServer).connect(grant.token);
        socket.grant = grant;
        sockets.push(socket);
      }
      seats.set(step.name, { grant, sockets, on, sent: 0 });
      continue;
    }
    const seat = seats.get(step.actor);
    if (!seat) throw new Error(`no seat for ${step.actor}`);
    const turn = seat.sent++ % seat.sockets.length;
    const socket = seat.sockets[turn] as TestClient;
    const payload = await payloadFor(step, seat, socket, ids);
    const answer: Ack<Record<string, unknown>> = await socket.command(step.command.type, payload);
    answers.push(answer.ok ? `${step.command.type} → ok` : `${step.command.type} → ${answer.error.code}: ${answer.error.message}`);
    if (!answer.ok) {
      throw new Error(`step ${answers.length}: ${step.actor} ${step.command.type} on node ${(seat.on[turn] ?? 0) + 1}: ${answer.error.code}: ${answer.error.message}`);
    }
    for (const [key, value] of Object.entries(step.result)) {
      const real = answer.result[key];
      if (typeof value === 'string' && typeof real === 'string') ids.set(value, real);
    }
    if (step.command.type === 'member.remove') {
      const removed = [...seats].find(([, other]) => other.grant.member.id === answer.result.memberId || other.grant.member.id === payload.memberId);
      if (removed) seats.delete(removed[0]);
    }
  }
  return {
    talksId: talks.talksId,
    seats: new Map([...seats].map(([name, seat]) => [name, { grant: seat.grant, sockets: seat.sockets }])),
    answers,
  };
}

/** The domain's ids in a payload, swapped for the server's. */
function translate<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (ids.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => translate(item, ids)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, translate(item, ids)])) as T;
  }
  return value;
}

/**
 * The payload to send. Keys and signatures cannot be translated: a head registers a key
 * of its own and signs, as its browser would, the hash of the version it received.
 */
async function payloadFor(
  step: Extract<Step, { kind: 'run' }>,
  seat: Seat,
  socket: TestClient,
  ids: ReadonlyMap<string, string>,
): Promise<Record<string, unknown>> {
  const payload = translate(step.command.payload as Record<string, unknown>, ids);
  if (step.command.type === 'member.registerKey') {
    seat.signer = testSigner('ES256');
    return { jwk: seat.signer.jwk };
  }
  if (step.command.type !== 'agreement.sign') return payload;
  const version = Number(payload.version);
  const signer = seat.signer;
  if (!signer) throw new Error(`${step.actor} signs without a registered key`);
  const view = await socket.command<TalksView>('talks.get');
  const synced = await socket.sync({});
  if (!view.ok || !synced.ok) throw new Error('the signer could not read the talks');
  const shared = synced.result.events.find((event) => event.type === 'text.versionShared' && event.payload.version === version);
  if (!shared) throw new Error(`${step.actor} has not received version ${version}`);
  const textHash = await textHashOf(canonicalInputOf(view.result.talks, shared.payload as SharedVersion));
  const signed = JSON.parse(
    signaturePayloadJson({
      talksId: view.result.talks.id as TalksId,
      version,
      textHash,
      partyId: seat.grant.member.partyId as PartyId,
    }),
  ) as unknown;
  return { version, jws: signer.sign(signed) };
}
