import {
  LIMITS,
  type CommandPayloads,
  type InviteId,
  type MemberId,
  type PartyId,
  type PartyInfo,
  type Role,
} from '../../../../shared/src/index.js';
import { sameHash } from '../../auth/invite-code.js';
import type { DecideContext } from '../context.js';
import { decision, type Decision } from '../decision.js';
import { DomainError, notFound } from '../domain-error.js';
import { draft } from '../events.js';
import { activeMember, isOpened, type Invite, type Member, type TalksState } from '../state.js';
import { conflict, invalid, requireLead, requireParty, requirePhase } from './guards.js';

export interface OpenTalksInput {
  title: string;
  partyNames: string[];
  observerCap?: number;
}

/** [TK1] A talks opens with a title, two or more distinct parties, and the lead mediator's invite. */
export function openTalks(state: TalksState, input: OpenTalksInput, ctx: DecideContext): Decision {
  if (isOpened(state)) throw conflict('This talks is already open.');
  const title = input.title.trim();
  if (!title || title.length > LIMITS.maxTitleChars) throw invalid('Give the talks a title of 1 to 200 characters.');
  const names = input.partyNames.map((name) => name.trim());
  if (names.length < LIMITS.minParties || names.length > LIMITS.maxParties) {
    throw invalid(`A talks has between ${LIMITS.minParties} and ${LIMITS.maxParties} parties.`);
  }
  if (names.some((name) => !name || name.length > LIMITS.maxNameChars)) {
    throw invalid('Each party needs a name of 1 to 80 characters.');
  }
  if (new Set(names.map((name) => name.toLowerCase())).size !== names.length) {
    throw invalid('Party names must be distinct.');
  }
  const observerCap = input.observerCap ?? LIMITS.defaultObserverCap;
  if (!Number.isInteger(observerCap) || observerCap < 0 || observerCap > LIMITS.maxObserverCap) {
    throw invalid(`The observer cap is a whole number from 0 to ${LIMITS.maxObserverCap}.`);
  }
  const parties: PartyInfo[] = names.map((name) => ({ id: ctx.newId() as PartyId, name }));
  const opened = draft('talks.opened', { title, parties, observerCap, phase: 'preparation' });
  const invite = inviteEvent(ctx, 'lead-mediator', null, null, LIMITS.defaultInviteHours);
  return decision([opened, invite.event], { parties, inviteId: invite.inviteId, code: invite.code });
}

function inviteEvent(
  ctx: DecideContext,
  role: Role,
  partyId: PartyId | null,
  sponsorPartyId: PartyId | null,
  hours: number,
) {
  const inviteId = ctx.newId() as InviteId;
  const { code, codeHash } = ctx.newInviteSecret();
  const expiresAt = new Date(Date.parse(ctx.now) + hours * 3_600_000).toISOString();
  const event = draft('member.invited', { inviteId, role, partyId, sponsorPartyId, expiresAt, codeHash });
  return { inviteId, code, expiresAt, event };
}

const isPending = (invite: Invite, now: string): boolean =>
  invite.usedBy === null && !invite.revoked && invite.expiresAt > now;

const activeMembers = (state: TalksState): Member[] => Object.values(state.members).filter((m) => !m.removed);

/** [MB1] Only the lead mediator invites; each invite is bound to one role and, for a delegation, one party. */
export function inviteMember(
  state: TalksState,
  { role, partyId, expiresInHours }: CommandPayloads['member.invite'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  requireLead(actor, 'invite members');
  return issueInvite(state, { role, partyId, expiresInHours }, ctx);
}

/**
 * The checks of an invite other than who asks for it: used by inviteMember, and by the
 * operator's command line (which acts with the data's owner's authority, e.g. the demo).
 */
export function issueInvite(
  state: TalksState,
  { role, partyId, expiresInHours }: CommandPayloads['member.invite'],
  ctx: DecideContext,
): Decision {
  requirePhase(state, 'membership');
  const hours = expiresInHours ?? LIMITS.defaultInviteHours;
  let party: PartyId | null = null;
  let sponsor: PartyId | null = null;
  switch (role) {
    case 'lead-mediator':
      throw invalid('A talks has one lead mediator.');
    case 'co-mediator':
      if (partyId !== undefined) throw invalid('A co-mediator belongs to no party: leave partyId out.');
      break;
    case 'head':
    case 'delegate':
      party = requireParty(state, partyId);
      if (role === 'head') requireNoHead(state, party, ctx.now);
      break;
    case 'observer':
      sponsor = requireParty(state, partyId, 'partyId (the party inviting the observer)');
      requireObserverRoom(state, sponsor, ctx.now);
      break;
  }
  const invite = inviteEvent(ctx, role, party, sponsor, hours);
  return decision([invite.event], { inviteId: invite.inviteId, code: invite.code, expiresAt: invite.expiresAt });
}

/** [MB2] A party has one head of delegation: no second head and no second pending head invite. */
function requireNoHead(state: TalksState, partyId: PartyId, now: string): void {
  const hasHead = activeMembers(state).some((m) => m.role === 'head' && m.partyId === partyId);
  const pending = Object.values(state.invites).some(
    (i) => i.role === 'head' && i.partyId === partyId && isPending(i, now),
  );
  if (hasHead || pending) throw conflict('This party already has a head of delegation, or an invite for one.');
}

/** [MB3] Each party may bring at most observerCap observers, pending invites included. */
function requireObserverRoom(state: TalksState, sponsor: PartyId, now: string): void {
  const seated = activeMembers(state).filter((m) => m.role === 'observer' && m.sponsorPartyId === sponsor);
  const pending = Object.values(state.invites).filter(
    (i) => i.role === 'observer' && i.sponsorPartyId === sponsor && isPending(i, now),
  );
  if (seated.length + pending.length >= state.observerCap) {
    throw conflict(`This party has reached its cap of ${state.observerCap} observers.`);
  }
}

/** [MB4] The lead mediator may revoke an invite that was not used yet. */
export function revokeInvite(
  state: TalksState,
  { inviteId }: CommandPayloads['invite.revoke'],
  actor: Member,
): Decision {
  requireLead(actor, 'revoke invites');
  requirePhase(state, 'membership');
  const invite = state.invites[inviteId as InviteId];
  if (!invite) throw notFound();
  if (invite.usedBy !== null) throw conflict('This invite was already used; remove the member instead.');
  if (invite.revoked) throw conflict('This invite is already revoked.');
  return decision([draft('invite.revoked', { inviteId: invite.id })]);
}

/** [MB5] The lead mediator removes members; a removed member reads nothing from then on. */
export function removeMember(
  state: TalksState,
  { memberId }: CommandPayloads['member.remove'],
  actor: Member,
): Decision {
  requireLead(actor, 'remove members');
  requirePhase(state, 'membership');
  const member = activeMember(state, memberId as MemberId);
  if (!member) throw notFound();
  if (member.id === actor.id) throw conflict('The lead mediator cannot remove themself.');
  return decision([draft('member.removed', { memberId: member.id, role: member.role, partyId: member.partyId })]);
}

/**
 * [MB6] An invite is single-use and expires; unknown, used, revoked and expired codes read the same.
 * [MB8] A re-entry link signs its member in again as themself (their earlier sessions end).
 */
export function redeemInvite(
  state: TalksState,
  codeHash: string,
  displayName: string,
  ctx: DecideContext,
): Decision {
  const invalidInvite = new DomainError('INVITE_INVALID');
  const invite = pendingInvite(state, codeHash, ctx.now);
  if (!invite) throw invalidInvite;
  if (invite.reentryFor !== null) {
    const member = activeMember(state, invite.reentryFor);
    if (!member) throw invalidInvite;
    return decision([draft('member.reentered', { memberId: member.id, inviteId: invite.id })], { memberId: member.id });
  }
  if (invite.role === 'head' && invite.partyId !== null) {
    const seated = activeMembers(state).some((m) => m.role === 'head' && m.partyId === invite.partyId);
    if (seated) throw invalidInvite;
  }
  const name = displayName.trim();
  if (!name || name.length > LIMITS.maxNameChars) throw invalid('Give a display name of 1 to 80 characters.');
  requireNameFree(state, invite.partyId, name);
  const memberId = ctx.newId() as MemberId;
  const joined = draft('member.joined', {
    memberId,
    role: invite.role,
    partyId: invite.partyId,
    displayName: name,
    inviteId: invite.id,
    sponsorPartyId: invite.sponsorPartyId,
  });
  return decision([joined], { memberId });
}

/** The invite a code hash names, if it can still be redeemed (the same for every kind of bad code). */
export function pendingInvite(state: TalksState, codeHash: string, now: string): Invite | undefined {
  if (!isOpened(state) || state.phase === 'concluded') return undefined;
  const invite = Object.values(state.invites).find((candidate) => sameHash(candidate.codeHash, codeHash));
  return invite && isPending(invite, now) ? invite : undefined;
}

/** Names compare without case or extra spaces: "Jean  Moreau" and "jean moreau" are one name. */
const sameName = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * [MB9] A new member may not take the display name of an active member of the same
 * party (mediators and observers, who have none, count as one group): the person is
 * most likely that member signing in again, who needs a re-entry link instead.
 * Said only to the holder of a valid invite, who would see those names once seated.
 */
function requireNameFree(state: TalksState, partyId: PartyId | null, name: string): void {
  const taken = activeMembers(state).some((m) => m.partyId === partyId && sameName(m.displayName, name));
  if (taken) {
    throw invalid(
      `Someone here already uses the name "${name}". If that is you, ask the lead mediator for a re-entry link; otherwise add something that tells you apart.`,
    );
  }
}

/**
 * [MB8] The lead mediator offers an existing member a re-entry link: a single-use,
 * expiring code that signs in as that same member, in any phase before the end.
 */
export function offerReentry(
  state: TalksState,
  { memberId, expiresInHours }: CommandPayloads['member.offerReentry'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  requireLead(actor, 'offer re-entry links');
  if (state.phase === 'concluded') throw conflict('The talks has concluded: nobody signs in again.');
  const member = activeMember(state, memberId as MemberId);
  if (!member) throw notFound();
  if (member.id === actor.id) throw conflict('You are signed in: a re-entry link is for another member.');
  const inviteId = ctx.newId() as InviteId;
  const { code, codeHash } = ctx.newInviteSecret();
  const hours = expiresInHours ?? LIMITS.defaultInviteHours;
  const expiresAt = new Date(Date.parse(ctx.now) + hours * 3_600_000).toISOString();
  const offered = draft('member.reentryOffered', { inviteId, memberId: member.id, expiresAt, codeHash });
  return decision([offered], { inviteId, code, expiresAt });
}
