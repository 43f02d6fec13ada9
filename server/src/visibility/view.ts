import {
  SYSTEM_ACTOR,
  type EventPayloads,
  type EventType,
  type MemberView,
  type PartyInfo,
  type Phase,
  type WireEvent,
} from '../../../shared/src/index.js';
import type { StoredEvent } from '../log/event-log.js';
import type { Member, TalksState } from '../talks/state.js';
import { canRead } from './audience.js';
import { membershipAudienceOf } from './membership.js';

// Views are built from allowlists: a field reaches a client only if it is named here.

const WIRE_FIELDS: { [K in EventType]: readonly (keyof EventPayloads[K])[] } = {
  'talks.opened': ['title', 'parties', 'observerCap', 'phase'],
  'member.invited': ['inviteId', 'role', 'partyId', 'sponsorPartyId', 'expiresAt'],
  'invite.revoked': ['inviteId'],
  'member.joined': ['memberId', 'role', 'partyId', 'displayName', 'inviteId', 'sponsorPartyId'],
  'member.removed': ['memberId', 'role', 'partyId'],
  'member.reentryOffered': ['inviteId', 'memberId', 'expiresAt'],
  'member.reentered': ['memberId', 'inviteId'],
  'session.renewed': ['memberId', 'familyId', 'generation'],
  'session.revoked': ['memberId', 'familyId'],
  'phase.changed': ['from', 'to'],
  'message.posted': ['messageId', 'channel', 'partyId', 'text'],
  'submission.created': ['submissionId', 'partyId', 'text', 'disclosure'],
  'submission.withdrawn': ['submissionId', 'partyId'],
  'conveyance.delivered': ['conveyanceId', 'toPartyId', 'text', 'kind'],
  'conveyance.disclosed': ['conveyanceId', 'fromPartyId', 'toPartyId', 'text', 'submissionId', 'responseId', 'kind'],
  'response.created': ['responseId', 'conveyanceId', 'partyId', 'stance', 'text', 'disclosure'],
  'summary.drafted': ['summaryId', 'text'],
  'summary.proposed': ['summaryId', 'partyId', 'text', 'version'],
  'summary.approved': ['summaryId', 'partyId'],
  'summary.changesRequested': ['summaryId', 'partyId', 'text'],
  'summary.published': ['summaryId', 'text'],
  'summary.revised': ['summaryId', 'version', 'text'],
  'summary.withdrawn': ['summaryId', 'partyId'],
  'inbox.marked': ['itemKind', 'itemId', 'handled'],
  'agenda.itemAdded': ['itemId', 'number', 'title', 'description'],
  'agenda.itemUpdated': ['itemId', 'title', 'description'],
  'agenda.linked': ['itemId', 'kind', 'targetId'],
  'text.clauseDrafted': ['clauseId', 'number', 'agendaItemIds', 'texts', 'alternatives', 'state'],
  'text.clauseStateSet': ['clauseId', 'state', 'chosen', 'texts', 'alternatives'],
  'text.authenticSet': ['language'],
  'glossary.termDefined': ['termId', 'term', 'definition', 'state'],
  'glossary.termStateSet': ['termId', 'state'],
  'text.versionShared': ['version', 'authenticLanguage', 'clauses', 'glossary'],
  'text.commented': ['commentId', 'version', 'clauseId', 'partyId', 'text', 'objects'],
  'package.marked': ['version', 'clauseId', 'partyId', 'canLiveWith'],
  'package.accepted': ['version', 'partyId'],
  'package.agreed': ['version'],
  'item.earlyProposed': ['itemId'],
  'item.earlyConsented': ['itemId', 'partyId'],
  'item.implementedEarly': ['itemId', 'title'],
  'member.keyRegistered': ['memberId', 'role', 'partyId', 'jwk'],
  'agreement.signed': ['version', 'partyId', 'memberId', 'displayName', 'jwk', 'jws', 'textHash'],
  'agreement.concluded': ['version', 'textHash'],
};

/**
 * [VIS9] Public milestones are the talks' own facts: they reach every reader as said by
 * Parley, whoever's act completed them (the log keeps the real actor for the audit).
 * Which head accepted, consented or signed last is nobody else's business.
 */
const TOLD_BY_PARLEY: ReadonlySet<EventType> = new Set(['package.agreed', 'item.implementedEarly', 'agreement.concluded']);

function pick(source: Record<string, unknown>, fields: readonly PropertyKey[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const key = String(field);
    if (Object.prototype.hasOwnProperty.call(source, key)) out[key] = source[key];
  }
  return out;
}

/** A stored payload as any reader receives it: the fields its type's allowlist names, nothing else. */
export const wirePayload = (type: EventType, payload: object): Record<string, unknown> =>
  pick(payload as Record<string, unknown>, WIRE_FIELDS[type]);

/** The stored payload's fields that never leave the server (an invite's code hash), by name. */
export const serverOnlyFields = (type: EventType, payload: object): string[] => {
  const allowed = new Set<PropertyKey>(WIRE_FIELDS[type]);
  return Object.keys(payload).filter((key) => !allowed.has(key));
};

/** The actor as readers are told it: Parley for a public milestone ([VIS9]), else the member, its four fields only. */
export function wireActor(event: Pick<StoredEvent, 'type' | 'actor'>): StoredEvent['actor'] {
  const { id, role, partyId, displayName } = TOLD_BY_PARLEY.has(event.type) ? SYSTEM_ACTOR : event.actor;
  return { id, role, partyId, displayName };
}

/** [VIS4] The event as its audience receives it: allowlisted fields, no talks-wide seq, no hashes. */
export function toWireEvent(event: StoredEvent): WireEvent {
  return {
    talksId: event.talksId,
    id: event.id,
    audience: event.audience,
    aseq: event.aseq,
    type: event.type,
    at: event.at,
    actor: wireActor(event),
    payload: wirePayload(event.type, event.payload),
  } as WireEvent;
}

export const memberView = (state: TalksState, member: Member): MemberView => ({
  id: member.id,
  talksId: state.id,
  role: member.role,
  partyId: member.partyId,
  displayName: member.displayName,
});

export interface PendingInviteView {
  inviteId: string;
  role: Member['role'];
  partyId: string | null;
  sponsorPartyId: string | null;
  expiresAt: string;
}

export interface TalksView {
  talks: { id: string; title: string; phase: Phase; observerCap: number; parties: PartyInfo[] };
  me: MemberView;
  /** The members whose joining the caller could read: the same rule as the events. */
  members: MemberView[];
  /** Pending invites, for the mediators only (the codes are never shown again). */
  invites?: PendingInviteView[];
}

/** [VIS5] The answer to talks.get: the caller's view, under the same audience rule as events. */
export function talksView(state: TalksState, viewer: Member, now: string): TalksView {
  const members = Object.values(state.members)
    .filter((member) => !member.removed && canRead(state, viewer, membershipAudienceOf(member)))
    .map((member) => memberView(state, member));
  const view: TalksView = {
    talks: {
      id: state.id,
      title: state.title,
      phase: state.phase,
      observerCap: state.observerCap,
      parties: state.parties,
    },
    me: memberView(state, viewer),
    members,
  };
  if (canRead(state, viewer, 'mediation')) {
    view.invites = Object.values(state.invites)
      .filter((invite) => invite.usedBy === null && !invite.revoked && invite.expiresAt > now)
      .map(({ id, role, partyId, sponsorPartyId, expiresAt }) => ({
        inviteId: id,
        role,
        partyId,
        sponsorPartyId,
        expiresAt,
      }));
  }
  return view;
}
