import type { EventPayloads, EventType } from '../../shared/src/index.js';

// What every event type may carry and to whom it goes, restated from the audience table of
// docs/SPEC.md ([VIS1], [VIS2], [VIS9]) and the payloads of docs/protocol.md §7, never taken
// from the server's visibility code. The leak check holds every event a member receives
// against these rules, so that events without any text (marks, acceptances, consents,
// links, key registrations) are judged as strictly as the ones that carry canaries.

const isMediator = (role: unknown) => role === 'lead-mediator' || role === 'co-mediator';
const isDelegation = (role: unknown) => role === 'head' || role === 'delegate';

/** [VIS2] Who is told of a member joining, leaving or registering a key: its own room, joint for a mediator, mediation for an observer. */
export function membershipAudience(member: { role: string; partyId: string | null }): string {
  return isDelegation(member.role)
    ? `room:${member.partyId}`
    : isMediator(member.role)
      ? 'joint'
      : 'mediation';
}

type Payload = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : String(value));

/** [VIS1] The one audience of an event, from its type and payload, as the SPEC's table gives it. */
export function audienceOfEvent(type: string, payload: Payload): string | undefined {
  switch (type) {
    case 'talks.opened':
    case 'phase.changed':
    case 'summary.published':
    case 'package.agreed':
    case 'item.implementedEarly':
    case 'agreement.concluded':
      return 'gallery';
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
      return membershipAudience({
        role: str(payload.role),
        partyId: (payload.partyId as string | null) ?? null,
      });
    case 'message.posted': {
      const channel = str(payload.channel);
      if (channel === 'caucus' || channel === 'room') return `${channel}:${str(payload.partyId)}`;
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
      return `room:${str(payload.partyId)}`;
    case 'conveyance.delivered':
      return `room:${str(payload.toPartyId)}`;
    case 'conveyance.disclosed':
      return `room:${str(payload.fromPartyId)}`;
    default:
      return undefined;
  }
}

/** The fields each event's payload may have on the wire (docs/protocol.md §7): nothing else may travel. */
export const PAYLOAD_FIELDS: { [K in EventType]: readonly (keyof EventPayloads[K])[] } = {
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

/** [TXT3] The parts of a shared version: the mediators' text, naming no party. */
export const VERSION_CLAUSE_FIELDS = [
  'clauseId',
  'number',
  'agendaItemIds',
  'state',
  'texts',
  'alternatives',
];
export const VERSION_TERM_FIELDS = ['termId', 'term', 'definition', 'state'];

/** [VIS9] Public milestones, told by Parley whoever's act completed them. */
export const MILESTONES: ReadonlySet<string> = new Set([
  'package.agreed',
  'item.implementedEarly',
  'agreement.concluded',
]);

/** A wire event as the leak check sees it (parsed from a frame: nothing is trusted). */
export interface SeenEvent {
  talksId?: unknown;
  type?: unknown;
  audience?: unknown;
  actor?: { id?: unknown; role?: unknown; partyId?: unknown } | null;
  payload?: unknown;
}

/**
 * What is wrong with an event as told, by the rules alone (who reads it is judged by the
 * caller): an audience other than the rules', a field no payload of its type has, a
 * milestone not told by Parley, a shared version that is not the mediators' text.
 */
export function eventFaults(event: SeenEvent): string[] {
  const type = str(event.type);
  const payload = (
    typeof event.payload === 'object' && event.payload !== null ? event.payload : {}
  ) as Payload;
  const faults: string[] = [];
  const expected = audienceOfEvent(type, payload);
  if (expected === undefined) return [`${type} is no documented event type`];
  if (event.audience !== expected)
    faults.push(`${type} was told to ${str(event.audience)}, the rules say ${expected}`);
  const allowed = PAYLOAD_FIELDS[type as EventType] as readonly string[];
  const extra = Object.keys(payload).filter((key) => !allowed.includes(key));
  if (extra.length > 0) faults.push(`${type} carries ${extra.join(', ')}`);
  if (MILESTONES.has(type) && (event.actor?.id !== null || event.actor?.role !== 'system')) {
    faults.push(`the milestone ${type} names its actor ${str(event.actor?.id)} (${str(event.actor?.role)})`);
  }
  if (type === 'text.versionShared') faults.push(...versionFaults(event, payload));
  return faults;
}

function versionFaults(event: SeenEvent, payload: Payload): string[] {
  const faults: string[] = [];
  if (!isMediator(event.actor?.role))
    faults.push(`a version was shared as ${str(event.actor?.role)}, not as a mediator`);
  if (JSON.stringify(payload).includes('"partyId"')) faults.push('a shared version names a party');
  const parts: [unknown, string[]][] = [
    [payload.clauses, VERSION_CLAUSE_FIELDS],
    [payload.glossary, VERSION_TERM_FIELDS],
  ];
  for (const [list, fields] of parts) {
    for (const part of Array.isArray(list) ? (list as Payload[]) : []) {
      const extra = Object.keys(part).filter((key) => !fields.includes(key));
      if (extra.length > 0) faults.push(`a shared version carries ${extra.join(', ')}`);
    }
  }
  return faults;
}
