import {
  caucusOf,
  roomOf,
  type Audience,
  type PartyId,
  type Role,
} from '../../../shared/src/index.js';
import type { DraftEvent } from '../talks/events.js';
import type { Member, TalksState } from '../talks/state.js';

// The one visibility rule of Parley. Every event has exactly one audience
// (audienceOf), every member reads a fixed set of audiences (readableAudiences),
// and every read path (live fan-out, sync, views, exports) goes through canRead.

/**
 * [VIS1] The single audience of an event. Of the agreement's events: its public milestones
 * (package agreed, item implemented early, agreement concluded) go to the gallery; the
 * working draft of the text and the agenda's links to a party's words are the mediators'
 * own; the agenda, each shared version, an early-implementation proposal and each
 * signature reach every delegation at the same moment (joint); a party's comments,
 * marks, acceptance and consent go to its own room, never another party's.
 */
export function audienceOf(event: DraftEvent, _state: TalksState): Audience {
  switch (event.type) {
    case 'talks.opened':
    case 'phase.changed':
    case 'summary.published':
    case 'package.agreed':
    case 'item.implementedEarly':
    case 'agreement.concluded':
      return 'gallery';
    // [MB8] [ID6] Only mediators manage members: re-entry and session endings are theirs to see.
    case 'member.invited':
    case 'invite.revoked':
    case 'member.reentryOffered':
    case 'member.reentered':
    case 'session.renewed':
    case 'session.revoked':
    case 'summary.drafted':
    case 'summary.revised':
    case 'inbox.marked':
    case 'agenda.linked':
    case 'text.clauseDrafted':
    case 'text.clauseStateSet':
    case 'text.authenticSet':
    case 'glossary.termDefined':
    case 'glossary.termStateSet':
      return 'mediation';
    case 'agenda.itemAdded':
    case 'agenda.itemUpdated':
    case 'text.versionShared':
    case 'item.earlyProposed':
    case 'agreement.signed':
      return 'joint';
    case 'member.joined':
    case 'member.removed':
    case 'member.keyRegistered':
      return membershipAudience(event.payload.role, event.payload.partyId);
    case 'message.posted': {
      const { channel, partyId } = event.payload;
      if (channel === 'caucus') return caucusOf(requireParty(partyId));
      if (channel === 'room') return roomOf(requireParty(partyId));
      return channel;
    }
    case 'submission.created':
    case 'submission.withdrawn':
    case 'response.created':
    case 'summary.proposed':
    case 'summary.approved':
    case 'summary.changesRequested':
    case 'summary.withdrawn':
    case 'text.commented':
    case 'package.marked':
    case 'package.accepted':
    case 'item.earlyConsented':
      return roomOf(event.payload.partyId);
    case 'conveyance.delivered':
      return roomOf(event.payload.toPartyId);
    case 'conveyance.disclosed':
      return roomOf(event.payload.fromPartyId);
  }
}

/**
 * [VIS2] Who learns that someone joined or left: a delegation member's own room
 * (the other side never learns who sits in it), the mediators' presence is known
 * to all delegations, and observers are known to the mediators only.
 */
export function membershipAudience(role: Role, partyId: PartyId | null): Audience {
  switch (role) {
    case 'head':
    case 'delegate':
      return roomOf(requireParty(partyId));
    case 'lead-mediator':
    case 'co-mediator':
      return 'joint';
    case 'observer':
      return 'mediation';
  }
}

function requireParty(partyId: PartyId | null): PartyId {
  if (partyId === null) throw new Error('A party audience needs a party.');
  return partyId;
}

/** [VIS3] The audiences a member may read; a removed member reads nothing. */
export function readableAudiences(state: Pick<TalksState, 'parties'>, member: Member): Audience[] {
  if (member.removed) return [];
  switch (member.role) {
    case 'lead-mediator':
    case 'co-mediator':
      // Mediators read every room but no caucus: a delegation's deliberation is its own.
      return [...state.parties.map((party) => roomOf(party.id)), 'mediation', 'joint', 'gallery'];
    case 'head':
    case 'delegate': {
      const partyId = requireParty(member.partyId);
      return [caucusOf(partyId), roomOf(partyId), 'joint', 'gallery'];
    }
    case 'observer':
      return ['gallery'];
  }
}

export const canRead = (state: Pick<TalksState, 'parties'>, member: Member, audience: Audience): boolean =>
  readableAudiences(state, member).includes(audience);
