import { createHash, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  commandPayloadSchemas,
  isCommandType,
  LIMITS,
  READ_COMMANDS,
  SYSTEM_ACTOR,
  type Actor,
  type Command,
  type CommandPayloads,
  type InvitePreview,
  type MemberId,
  type MemberView,
  type SyncResult,
  type TalksId,
} from '../../../shared/src/index.js';
import { hashInviteCode, isInviteCodeShaped, makeInviteCode, talksOfLegacyInviteCode } from '../auth/invite-code.js';
import type { EventLog, NewEvent, StoredEvent } from '../log/event-log.js';
import type { DecideContext } from '../talks/context.js';
import { decide } from '../talks/decide.js';
import type { Decision } from '../talks/decision.js';
import { DomainError, isDomainError, notFound } from '../talks/domain-error.js';
import { issueInvite, openTalks, pendingInvite, redeemInvite, type OpenTalksInput } from '../talks/rules/membership.js';
import { renewSession, sessionHolds, type SessionLineageClaims } from '../talks/rules/sessions.js';
import type { SessionLineage } from '../auth/tokens.js';
import { activeMember, emptyTalks, type Member, type TalksState } from '../talks/state.js';
import { audienceOf, readableAudiences } from '../visibility/audience.js';
import { memberView, talksView } from '../visibility/view.js';
import { AuditReader } from './audit-read.js';
import { KeyedQueue } from './keyed-queue.js';
import { readBoundedPage } from './sync-page.js';
import { TalksRegistry } from './talks-registry.js';

export interface TalksServiceOptions {
  log: EventLog;
  /** The link a person opens to redeem an invite code. */
  inviteUrl: (code: string) => string;
  now?: () => Date;
  newId?: () => string;
}

/** What a refresh came to: the next pair of tokens to issue, or a reuse that ended the family. */
export type SessionRenewal =
  | { outcome: 'renewed'; member: MemberView; lineage: SessionLineage }
  | { outcome: 'reused'; memberId: MemberId; familyId: string };

export type AppendListener = (talksId: TalksId, events: readonly StoredEvent[]) => void;

// Another node appended to the same talks first: fold what it wrote and decide again,
// after a random pause that grows with each collision, so two busy nodes do not keep
// colliding in lockstep. The budget is time, not a count of tries: a node whose peer is
// draining a long queue loses many races in a row, yet gets in once the peer pauses.
const CONFLICT_RETRY_BUDGET_MS = 20_000;
const MAX_BACKOFF_MS = 100;
const BUSY = 'Many people are acting in this talks at once: nothing was changed; retry.';
const backOff = (attempt: number) =>
  attempt === 0
    ? Promise.resolve()
    : new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** Math.min(attempt, 7))));

/**
 * The application service: loads a talks, asks the rules, appends what they decided
 * and tells the listeners (the realtime fan-out). It holds no rules of its own.
 */
export class TalksService {
  readonly registry: TalksRegistry;
  readonly #log: EventLog;
  readonly #audit: AuditReader;
  readonly #queue = new KeyedQueue();
  readonly #listeners = new Set<AppendListener>();
  readonly #now: () => Date;
  readonly #newId: () => string;
  readonly #inviteUrl: (code: string) => string;

  constructor(options: TalksServiceOptions) {
    this.#log = options.log;
    this.registry = new TalksRegistry(options.log);
    this.#audit = new AuditReader(options.log);
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? randomUUID;
    this.#inviteUrl = options.inviteUrl;
  }

  onAppended(listener: AppendListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Opens a new talks (command line, first start, demo) and returns the lead mediator's invite. */
  async openTalks(input: OpenTalksInput) {
    const talksId = this.#newId() as TalksId;
    const state = emptyTalks(talksId);
    const made = openTalks(state, input, this.#context(talksId));
    await this.#append(state, made, SYSTEM_ACTOR, null);
    this.registry.adopt(state);
    const code = made.result.code as string;
    return {
      talksId,
      parties: state.parties,
      invite: { inviteId: made.result.inviteId as string, code, url: this.#inviteUrl(code) },
    };
  }

  /** An invite made by the operator (command line, demo) rather than by the lead mediator. */
  async operatorInvite(talksId: TalksId, payload: CommandPayloads['member.invite']) {
    const state = await this.registry.load(talksId);
    if (!state) throw notFound();
    return this.#queue.run(talksId, async () => {
      const made = await this.#decideAndAppend(state, SYSTEM_ACTOR, null, () =>
        issueInvite(state, payload, this.#context(talksId)),
      );
      return made.result as { inviteId: string; code: string; url: string; expiresAt: string };
    });
  }

  /**
   * [MB6] Redeems a single-use invite; every bad code gets the same INVITE_INVALID.
   * [MB8] A re-entry link answers its existing member, with the epoch its new sessions carry.
   */
  async redeemInvite(code: string, displayName: string): Promise<MemberView & { sessionEpoch: number }> {
    const talksId = await this.#talksOfInviteCode(code);
    const state = talksId ? await this.registry.load(talksId) : undefined;
    if (!talksId || !state) throw new DomainError('INVITE_INVALID');
    return this.#queue.run(talksId, async () => {
      const made = await this.#decideAndAppend(state, (decided) => joiningMember(state, decided), null, () =>
        redeemInvite(state, hashInviteCode(code), displayName, this.#context(talksId)),
      );
      const member = state.members[made.result.memberId as MemberId];
      if (!member) throw new DomainError('INTERNAL');
      return { ...memberView(state, member), sessionEpoch: member.sessionEpoch };
    });
  }

  /** [ID8] The member behind a session token, if the session still holds (see rules/sessions.ts). */
  async findSessionMember(claims: SessionLineageClaims & { talksId: TalksId }): Promise<MemberView | undefined> {
    const state = await this.registry.current(claims.talksId);
    const member = state && sessionHolds(state, claims);
    return state && member ? memberView(state, member) : undefined;
  }

  /**
   * [ID6] Uses a refresh token once: decided on the talks' latest state in the store
   * (a stale node's append conflicts and decides again), so two nodes never both
   * accept the same refresh token. A reuse ends the family and is answered as such.
   */
  async renewSession(claims: SessionLineageClaims & { talksId: TalksId; generation: number }): Promise<SessionRenewal> {
    const state = await this.registry.load(claims.talksId);
    const member = state && sessionHolds(state, claims);
    if (!state || !member) throw new DomainError('UNAUTHENTICATED');
    return this.#queue.run(claims.talksId, async () => {
      const made = await this.#decideAndAppend(state, actorOf(member), null, () => renewSession(state, claims));
      if (made.result.outcome === 'reused') return { outcome: 'reused', memberId: member.id, familyId: claims.familyId };
      const renewed = activeMember(state, member.id);
      if (!renewed) throw new DomainError('UNAUTHENTICATED');
      return {
        outcome: 'renewed',
        member: memberView(state, renewed),
        lineage: { familyId: claims.familyId, epoch: renewed.sessionEpoch, generation: made.result.generation as number },
      };
    });
  }

  /**
   * [MB10] What a pending invite is for (talks, role, party; the member for a re-entry link),
   * for the join page. Every bad code gets the one INVITE_INVALID, as on redemption.
   */
  async previewInvite(code: string): Promise<InvitePreview> {
    const talksId = await this.#talksOfInviteCode(code);
    const state = talksId ? await this.registry.load(talksId) : undefined;
    if (!state) throw new DomainError('INVITE_INVALID');
    await this.registry.catchUp(state);
    const invite = pendingInvite(state, hashInviteCode(code), this.#now().toISOString());
    if (!invite) throw new DomainError('INVITE_INVALID');
    const partyId = invite.partyId ?? invite.sponsorPartyId;
    const member = invite.reentryFor === null ? undefined : activeMember(state, invite.reentryFor);
    if (invite.reentryFor !== null && !member) throw new DomainError('INVITE_INVALID');
    return {
      talksTitle: state.title,
      role: invite.role,
      partyName: state.parties.find((party) => party.id === partyId)?.name ?? null,
      memberName: member?.displayName ?? null,
    };
  }

  /** [ID7] The talks an invite code opens: through the store's index by hash, or an earlier code's own bytes. */
  async #talksOfInviteCode(code: string): Promise<TalksId | null> {
    if (!isInviteCodeShaped(code)) return null;
    return (await this.#log.findInviteTalks(hashInviteCode(code))) ?? talksOfLegacyInviteCode(code);
  }

  /**
   * [NOD1] The member as the store knows it now (sockets, bearer routes, refresh): another
   * node may have seated or removed it a moment ago, so this catches up first.
   */
  async findActiveMember(talksId: TalksId, memberId: MemberId): Promise<MemberView | undefined> {
    const state = await this.registry.current(talksId);
    const member = state && activeMember(state, memberId);
    return state && member ? memberView(state, member) : undefined;
  }

  /**
   * The talks and the member, or NOT_FOUND for a talks the member does not belong to.
   * [NOD1] A member this node does not know yet may have joined through another node:
   * one catch-up before saying NOT_FOUND. (A member removed elsewhere is caught by the
   * decision: its append conflicts, or its refusal catches up; reads catch up first.)
   */
  async memberContext(talksId: TalksId, memberId: MemberId): Promise<{ state: TalksState; member: Member }> {
    const state = await this.registry.load(talksId);
    if (!state) throw notFound();
    let member = activeMember(state, memberId);
    if (!member) {
      await this.registry.catchUp(state);
      member = activeMember(state, memberId);
    }
    if (!member) throw notFound();
    return { state, member };
  }

  /** [NOD1] The talks caught up with the store, and the member as it stands there: what a read answers from. */
  async #currentContext(talksId: TalksId, memberId: MemberId): Promise<{ state: TalksState; member: Member }> {
    const { state } = await this.memberContext(talksId, memberId);
    await this.registry.catchUp(state);
    const member = activeMember(state, memberId);
    if (!member) throw notFound();
    return { state, member };
  }

  /**
   * Executes one command for a member. A commandId seen before returns its first
   * answer and appends nothing; the same id with other content is refused.
   */
  async execute(talksId: TalksId, memberId: MemberId, commandId: string, type: string, payload: unknown): Promise<unknown> {
    const command = parseCommand(type, payload);
    if (READ_COMMANDS.has(command.type)) {
      const { state, member } = await this.#currentContext(talksId, memberId);
      return this.#read(state, member, command);
    }
    const { state, member } = await this.memberContext(talksId, memberId);
    return this.#queue.run(talksId, async () => {
      const fingerprint = fingerprintOf(command, member.id);
      const seen = await this.#log.findCommand(talksId, commandId);
      if (seen) return replay(seen.fingerprint, fingerprint, seen.result);
      const actor = actorOf(member);
      const made = await this.#decideAndAppend(state, actor, { commandId, fingerprint }, () => {
        const outcome = decide(state, command, member, this.#context(talksId));
        if (isDomainError(outcome)) throw outcome;
        return outcome;
      });
      return made.result;
    });
  }

  /** [RES1] Every event the member may read now, after the given per-audience cursors. */
  async sync(talksId: TalksId, memberId: MemberId, cursors: Record<string, number>, limit?: number): Promise<SyncResult> {
    const { state, member } = await this.#currentContext(talksId, memberId);
    const audiences = readableAudiences(state, member);
    const max = Math.min(limit ?? LIMITS.maxSyncEvents, LIMITS.maxSyncEvents);
    // [OPS4] Pages are bounded in bytes as well as in events, and read in small steps.
    return readBoundedPage((after, rows) => this.#log.readAudiences(talksId, after, rows), audiences, cursors, max);
  }

  async #read(state: TalksState, member: Member, command: Command): Promise<unknown> {
    const refused = decide(state, command, member, this.#context(state.id));
    if (isDomainError(refused)) throw refused;
    if (command.type === 'audit.read') return this.#audit.read(state, member, command.payload);
    return talksView(state, member, this.#now().toISOString());
  }

  /**
   * Decides against the latest state and appends; another writer's append means decide again.
   * [NOD1] This node's state may lag the store (another node appended, fan-out has not told
   * us yet). A decision that appends is safe: the append's expectedSeq refuses a stale one.
   * A refusal appends nothing, so it is checked here: catch up once, and if the store had
   * moved on, decide again. The common path (a decision that appends) costs no extra read.
   */
  async #decideAndAppend(
    state: TalksState,
    actor: Actor | ((made: Decision) => Actor),
    command: { commandId: string; fingerprint: string } | null,
    decideNow: () => Decision,
  ): Promise<Decision> {
    const giveUpAt = performance.now() + CONFLICT_RETRY_BUDGET_MS;
    for (let attempt = 0; ; attempt++) {
      let made: Decision;
      try {
        made = decideNow();
      } catch (refusal) {
        if (!isDomainError(refusal) || performance.now() >= giveUpAt || !(await this.#caughtUpFurther(state))) throw refusal;
        continue;
      }
      try {
        const outcome = await this.#append(state, made, typeof actor === 'function' ? actor(made) : actor, command);
        if (outcome.kind === 'duplicate' && command) {
          return { events: [], result: replay(outcome.fingerprint, command.fingerprint, outcome.result) as Record<string, unknown> };
        }
        return made;
      } catch (error) {
        if (!(isDomainError(error) && error.code === 'CONFLICT')) throw error;
        // The store's message names talks-wide positions, which no client may learn.
        if (performance.now() >= giveUpAt) throw new DomainError('CONFLICT', BUSY);
        await backOff(attempt);
        await this.registry.catchUp(state);
      }
    }
  }

  /** Folds what the store holds beyond this node's state; true when there was something. */
  async #caughtUpFurther(state: TalksState): Promise<boolean> {
    const before = state.seq;
    await this.registry.catchUp(state);
    return state.seq > before;
  }

  async #append(state: TalksState, made: Decision, actor: Actor, command: { commandId: string; fingerprint: string } | null) {
    const at = this.#now().toISOString();
    // An invite's answer carries its link, so a retried member.invite returns the same link.
    const code = made.result.code;
    const result = typeof code === 'string' ? { ...made.result, url: this.#inviteUrl(code) } : made.result;
    made.result = result;
    // [ID7] Indexed before the append, so a code is never answered before it can be found.
    for (const event of made.events) {
      if (event.type === 'member.invited' || event.type === 'member.reentryOffered') {
        await this.#log.indexInvite(event.payload.codeHash, state.id);
      }
    }
    const events: NewEvent[] = made.events.map((event) => ({
      id: this.#newId(),
      type: event.type,
      audience: audienceOf(event, state),
      at,
      actor,
      payload: event.payload,
    }));
    const outcome = await this.#log.append({
      talksId: state.id,
      expectedSeq: state.seq,
      events,
      ...(command ? { command: { ...command, result } } : {}),
    });
    if (outcome.kind === 'duplicate') {
      return { kind: 'duplicate' as const, fingerprint: outcome.record.fingerprint, result: outcome.record.result };
    }
    this.registry.fold(state, outcome.events);
    for (const listener of this.#listeners) listener(state.id, outcome.events);
    return { kind: 'appended' as const };
  }

  #context(_talksId: TalksId): DecideContext {
    return {
      now: this.#now().toISOString(),
      newId: this.#newId,
      newInviteSecret: () => makeInviteCode(),
    };
  }
}

/** Validates a command's type and payload against the shared schemas. */
export function parseCommand(type: string, payload: unknown): Command {
  if (!isCommandType(type)) throw new DomainError('INVALID_INPUT', `Unknown command type "${type.slice(0, 64)}".`);
  const parsed = commandPayloadSchemas[type].safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new DomainError('INVALID_INPUT', `Invalid ${type} payload: ${where}${issue?.message ?? 'malformed'}`);
  }
  return { type, payload: parsed.data } as Command;
}

const fingerprintOf = (command: Command, memberId: string): string =>
  createHash('sha256')
    .update(canonicalize({ type: command.type, payload: command.payload, memberId }) ?? '')
    .digest('hex');

function replay(recorded: string, presented: string, result: unknown): unknown {
  if (recorded !== presented) {
    throw new DomainError('IDEMPOTENCY_CONFLICT', 'This commandId was already used for a different command.');
  }
  return result;
}

/** The actor of a member.joined (or member.reentered) event is the member who joined. */
function joiningMember(state: TalksState, made: Decision): Actor {
  const joined = made.events[0];
  if (joined?.type === 'member.reentered') {
    const member = state.members[joined.payload.memberId];
    if (!member) throw new DomainError('INTERNAL');
    return actorOf(member);
  }
  if (joined?.type !== 'member.joined') throw new DomainError('INTERNAL');
  const { memberId, role, partyId, displayName } = joined.payload;
  return { id: memberId, role, partyId, displayName };
}

const actorOf = (member: Member): Actor => ({
  id: member.id,
  role: member.role,
  partyId: member.partyId,
  displayName: member.displayName,
});
