import { expect } from 'vitest';
import {
  FIXED_MESSAGES,
  SYSTEM_ACTOR,
  caucusOf,
  roomOf,
  type Actor,
  type Audience,
  type Command,
  type ErrorCode,
  type EventType,
  type MemberId,
  type PartyId,
  type Phase,
  type Role,
  type TalksId,
} from '../../shared/src/index.js';
import { hashInviteCode } from '../../server/src/auth/invite-code.js';
import type { StoredEvent } from '../../server/src/log/event-log.js';
import type { DecideContext } from '../../server/src/talks/context.js';
import { decide } from '../../server/src/talks/decide.js';
import type { Decision } from '../../server/src/talks/decision.js';
import { DomainError, isDomainError } from '../../server/src/talks/domain-error.js';
import type { DraftEvent } from '../../server/src/talks/events.js';
import { evolve, type FoldableEvent } from '../../server/src/talks/evolve.js';
import { openTalks, redeemInvite, type OpenTalksInput } from '../../server/src/talks/rules/membership.js';
import { renewSession } from '../../server/src/talks/rules/sessions.js';
import { emptyTalks, type Member, type TalksState } from '../../server/src/talks/state.js';
import { audienceOf } from '../../server/src/visibility/audience.js';

// A given/when/then harness for the pure domain, in the style of emmett's
// DeciderSpecification. The "given" is built by running real commands through
// decide + evolve (so a test never hand-writes a state the rules could not reach);
// "when" decides one command without folding it; "then" asserts its events,
// its error or its result. A fixed clock and sequential ids keep every run equal.

export const T0 = '2030-01-01T09:00:00.000Z';
export const TALKS_ID = '00000000-0000-4000-8000-00000000a11c' as TalksId;
export const HOUR = 3_600_000;

/** The phase edges as docs/SPEC.md states them [PH1], kept apart from the domain's own table. */
export const SPEC_PHASE_EDGES: Record<Phase, readonly Phase[]> = {
  preparation: ['pre-negotiation', 'suspended'],
  'pre-negotiation': ['preparation', 'negotiation', 'suspended'],
  negotiation: ['pre-negotiation', 'concluded', 'suspended'],
  suspended: ['preparation', 'pre-negotiation', 'negotiation'],
  concluded: [],
};

/** A deterministic world: a clock the test moves, UUID-shaped sequential ids, known invite codes. */
export class TestWorld implements DecideContext {
  #clock = Date.parse(T0);
  #ids = 0;
  #codes = 0;

  get now(): string {
    return new Date(this.#clock).toISOString();
  }

  advance(ms: number): void {
    this.#clock += ms;
  }

  newId = (): string => `00000000-0000-4000-8000-${(++this.#ids).toString(16).padStart(12, '0')}`;

  newInviteSecret = () => {
    const code = `test-invite-code-${++this.#codes}`;
    return { code, codeHash: hashInviteCode(code) };
  };
}

export interface ScenarioOptions {
  parties?: string[];
  observerCap?: number;
  title?: string;
}

/** Matches any string, typed so that it can sit in an expected value. */
export const anyString: unknown = expect.any(String);

/** An event as a test writes it: ids are plain strings (or matchers). */
export interface ExpectedEvent {
  type: EventType;
  payload: Record<string, unknown>;
}

/** What a command decided, ready for assertions; nothing of it is folded into the state. */
export class Outcome {
  constructor(
    readonly scenario: Scenario,
    readonly decided: Decision | DomainError,
  ) {}

  /** The decision; fails the test if the command was refused. */
  get decision(): Decision {
    if (isDomainError(this.decided)) {
      throw new Error(`Expected the command to succeed, got ${this.decided.code}: ${this.decided.message}`);
    }
    return this.decided;
  }

  get events(): DraftEvent[] {
    return this.decision.events;
  }

  get result(): Record<string, unknown> {
    return this.decision.result;
  }

  /** The result field `key` as a string (ids made by the command). */
  id(key: string): string {
    const value = this.result[key];
    if (typeof value !== 'string') throw new Error(`The result has no string field "${key}".`);
    return value;
  }

  get error(): DomainError {
    if (!isDomainError(this.decided)) {
      throw new Error(
        `Expected a DomainError, got events: ${this.decided.events.map((e) => e.type).join(', ')}`,
      );
    }
    return this.decided;
  }

  /** Then exactly these events, in order (payloads may hold asymmetric matchers). */
  then(...expected: ExpectedEvent[]): this {
    expect(this.events).toEqual(expected);
    return this;
  }

  /** Then events of exactly these types, in order. */
  thenTypes(...types: EventType[]): this {
    expect(this.events.map((event) => event.type)).toEqual(types);
    return this;
  }

  /** Then the command is refused with this code (and, when given, this exact message). */
  thenError(code: ErrorCode, message?: string | RegExp): this {
    expect(this.error.code).toBe(code);
    if (typeof message === 'string') expect(this.error.message).toBe(message);
    if (message instanceof RegExp) expect(this.error.message).toMatch(message);
    return this;
  }

  /** Then NOT_FOUND with the one fixed wording, whether the thing is absent or hidden. */
  thenNotFound(): this {
    return this.thenError('NOT_FOUND', FIXED_MESSAGES.NOT_FOUND);
  }

  thenResult(expected: Record<string, unknown>): this {
    expect(this.result).toEqual(expected);
    return this;
  }

  /** Then the events go to exactly these audiences, in order. */
  thenAudiences(...audiences: Audience[]): this {
    expect(this.events.map((event) => audienceOf(event, this.scenario.state))).toEqual(audiences);
    return this;
  }

  /** Then the command succeeds (whatever it produced). */
  thenOk(): this {
    expect(isDomainError(this.decided) ? `${this.decided.code}: ${this.decided.message}` : 'ok').toBe('ok');
    return this;
  }
}

/**
 * A talks built by real commands. Members are known by a short name: by default
 * `lead`, `co`, `head:A`, `delegate:A`, `observer:A` (the party an observer's
 * sponsor), with a counter when a name repeats.
 */
export class Scenario {
  readonly world = new TestWorld();
  readonly state: TalksState = emptyTalks(TALKS_ID);
  /** Every folded event as the log would hold it, for the visibility checks. */
  readonly log: FoldableEvent[] = [];
  readonly #members = new Map<string, MemberId>();
  readonly #codes = new Map<string, string>();

  /** Opens the talks with the given parties and seats the lead mediator as `lead`. */
  open(options: ScenarioOptions = {}): this {
    const input: OpenTalksInput = {
      title: options.title ?? 'Proximity talks',
      partyNames: options.parties ?? ['A', 'B'],
      ...(options.observerCap === undefined ? {} : { observerCap: options.observerCap }),
    };
    const opened = openTalks(this.state, input, this.world);
    this.fold(opened, SYSTEM_ACTOR);
    return this.redeemAs('lead', String(opened.result.code));
  }

  /** The id of the party named `name` when the talks was opened. */
  party(name: string): PartyId {
    const party = this.state.parties.find((candidate) => candidate.name === name);
    if (!party) throw new Error(`No party named ${name}.`);
    return party.id;
  }

  room(partyName: string): Audience {
    return roomOf(this.party(partyName));
  }

  caucus(partyName: string): Audience {
    return caucusOf(this.party(partyName));
  }

  member(name: string): Member {
    const id = this.#members.get(name);
    const member = id && this.state.members[id];
    if (!member) throw new Error(`No member named ${name}.`);
    return member;
  }

  /** The code of an invite made by invite(name, ...), shown to the lead mediator once. */
  code(inviteName: string): string {
    const code = this.#codes.get(inviteName);
    if (code === undefined) throw new Error(`No invite named ${inviteName}.`);
    return code;
  }

  /** The lead mediator invites someone; the code is kept under `inviteName`. Returns the invite id. */
  invite(inviteName: string, role: Role, partyName?: string, expiresInHours?: number): string {
    const made = this.run(
      {
        type: 'member.invite',
        payload: {
          role,
          ...(partyName === undefined ? {} : { partyId: this.party(partyName) }),
          ...(expiresInHours === undefined ? {} : { expiresInHours }),
        },
      },
      'lead',
    );
    this.#codes.set(inviteName, String(made.result.code));
    return String(made.result.inviteId);
  }

  /** Invites and seats a member; for an observer, `partyName` is the sponsoring party. */
  withMember(role: Role, partyName?: string, name?: string): this {
    const memberName = name ?? this.#freshName(role, partyName);
    this.invite(memberName, role, partyName);
    return this.redeemAs(memberName, this.code(memberName));
  }

  /** Seats the usual cast: a co-mediator, a head and a delegate per party, one observer sponsored by the first party. */
  withEveryone(): this {
    this.withMember('co-mediator');
    for (const party of this.state.parties) {
      this.withMember('head', party.name).withMember('delegate', party.name);
    }
    const first = this.state.parties[0];
    if (first && this.state.observerCap > 0) this.withMember('observer', first.name);
    return this;
  }

  redeemAs(name: string, code: string, displayName = name): this {
    const joined = redeemInvite(this.state, hashInviteCode(code), displayName, this.world);
    const event = joined.events[0];
    if (event?.type !== 'member.joined') throw new Error('Redeeming did not seat a member.');
    const { memberId, role, partyId } = event.payload;
    this.fold(joined, { id: memberId, role, partyId, displayName: event.payload.displayName });
    this.#members.set(name, memberId);
    return this;
  }

  /** [MB8] The member named `name` signs in again through a re-entry link's code. */
  reenter(name: string, code: string): Decision {
    const made = redeemInvite(this.state, hashInviteCode(code), 'ignored', this.world);
    this.fold(made, actorOf(this.member(name)));
    return made;
  }

  /** [ID6] The member named `name` presents a refresh token of `familyId` at `generation`. */
  renew(name: string, familyId: string, generation: number): Decision {
    const member = this.member(name);
    const made = renewSession(this.state, { memberId: member.id, familyId, epoch: member.sessionEpoch, generation });
    this.fold(made, actorOf(member));
    return made;
  }

  /** Moves the talks to `target` through the lead mediator, along the shortest allowed path. */
  inPhase(target: Phase): this {
    for (const step of phasePath(this.state.phase, target)) {
      this.run({ type: 'phase.change', payload: { to: step } }, 'lead');
    }
    return this;
  }

  /** Given: decides a command and folds its events; fails the test if it was refused. */
  run(command: Command, actorName: string): Decision {
    const decided = decide(this.state, command, this.member(actorName), this.world);
    if (isDomainError(decided)) {
      throw new Error(
        `Given ${command.type} by ${actorName} was refused: ${decided.code}: ${decided.message}`,
      );
    }
    this.fold(decided, actorOf(this.member(actorName)));
    return decided;
  }

  /** Given: folds hand-made events, for states that commands alone cannot reach. */
  given(actor: Actor, ...events: DraftEvent[]): this {
    return this.fold({ events, result: {} }, actor);
  }

  /** When: decides a command without folding it, and checks that deciding left the state alone. */
  when(command: Command, actorName: string): Outcome {
    return this.whenBy(command, this.member(actorName));
  }

  whenBy(command: Command, actor: Member): Outcome {
    const before = structuredClone(this.state);
    const decided = decide(this.state, command, actor, this.world);
    expect(this.state, 'decide() must not change the state').toEqual(before);
    return new Outcome(this, decided);
  }

  /** When an invite code is redeemed (codes are compared by hash, as the server does). */
  whenRedeemed(code: string, displayName = 'Newcomer'): Outcome {
    try {
      return new Outcome(this, redeemInvite(this.state, hashInviteCode(code), displayName, this.world));
    } catch (error) {
      if (error instanceof DomainError) return new Outcome(this, error);
      throw error;
    }
  }

  /** Every folded event as the log would store it: audience, gapless aseq, placeholder hashes. */
  stored(): StoredEvent[] {
    const aseqs = new Map<Audience, number>();
    return this.log.map((event, index) => {
      const audience = audienceOf(event, this.state);
      const aseq = (aseqs.get(audience) ?? 0) + 1;
      aseqs.set(audience, aseq);
      return {
        talksId: this.state.id,
        id: `event-${index + 1}`,
        type: event.type,
        audience,
        at: event.at,
        actor: event.actor,
        payload: event.payload,
        seq: event.seq,
        aseq,
        commandId: null,
        prevHash: '0'.repeat(64),
        hash: 'f'.repeat(64),
      };
    });
  }

  fold(made: Decision, actor: Actor): this {
    for (const event of made.events) {
      const foldable: FoldableEvent = { ...event, seq: this.state.seq + 1, at: this.world.now, actor };
      evolve(this.state, foldable);
      this.log.push(foldable);
    }
    return this;
  }

  #freshName(role: Role, partyName?: string): string {
    const base = role === 'co-mediator' ? 'co' : partyName === undefined ? role : `${role}:${partyName}`;
    let name = base;
    for (let n = 2; this.#members.has(name) || this.#codes.has(name); n++) name = `${base}#${n}`;
    return name;
  }
}

/** A new talks, opened, with the lead mediator seated. */
export const talks = (options: ScenarioOptions = {}): Scenario => new Scenario().open(options);

export const actorOf = (member: Member): Actor => ({
  id: member.id,
  role: member.role,
  partyId: member.partyId,
  displayName: member.displayName,
});

/** The shortest path from one phase to another along the SPEC edges (breadth first). */
export function phasePath(from: Phase, to: Phase): Phase[] {
  const previous = new Map<Phase, Phase>();
  const queue: Phase[] = [from];
  const seen = new Set<Phase>([from]);
  while (queue.length > 0) {
    const phase = queue.shift() as Phase;
    if (phase === to) break;
    for (const next of SPEC_PHASE_EDGES[phase]) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, phase);
      queue.push(next);
    }
  }
  if (from !== to && !previous.has(to)) throw new Error(`No path from ${from} to ${to}.`);
  const path: Phase[] = [];
  for (let at = to; at !== from; at = previous.get(at) as Phase) path.unshift(at);
  return path;
}
