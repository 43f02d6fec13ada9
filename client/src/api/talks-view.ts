import type { Actor, PartyInfo, WireEvent } from '../../../shared/src/events.js';
import type {
  ConveyanceId,
  EventId,
  InviteId,
  MemberId,
  PartyId,
  ResponseId,
  SubmissionId,
  SummaryId,
  TalksId,
} from '../../../shared/src/ids.js';
import {
  DECIDING_STANCES,
  type Audience,
  type ConveyanceKind,
  type Disclosure,
  type MessageChannel,
  type Phase,
  type Role,
  type Stance,
} from '../../../shared/src/model.js';
import {
  applyAgreementEvent,
  emptyAgreement,
  type AgreementModel,
} from '../features/agreement/agreement-model.js';

// What one reader knows about a talks: a pure fold of the events the server
// let them see. The server decides visibility; this only remembers.

export interface TalksInfo {
  id: TalksId;
  title: string;
  phase: Phase;
  observerCap: number;
  parties: PartyInfo[];
}

export interface MemberEntry {
  id: MemberId;
  role: Role;
  partyId: PartyId | null;
  /** For observers: the party that invited them. */
  sponsorPartyId: PartyId | null;
  displayName: string;
  removed: boolean;
  at: string;
}

export interface InviteEntry {
  inviteId: InviteId;
  role: Role;
  partyId: PartyId | null;
  sponsorPartyId: PartyId | null;
  expiresAt: string;
  revoked: boolean;
  /** The member who redeemed it, once someone has. */
  usedBy: MemberId | null;
  at: string;
}

export interface MessageEntry {
  messageId: string;
  audience: Audience;
  channel: MessageChannel;
  partyId: PartyId | null;
  text: string;
  at: string;
  author: Actor;
}

export interface SubmissionEntry {
  submissionId: SubmissionId;
  partyId: PartyId;
  text: string;
  disclosure: Disclosure;
  withdrawn: boolean;
  at: string;
  author: Actor;
}

export interface ConveyanceEntry {
  conveyanceId: ConveyanceId;
  toPartyId: PartyId;
  text: string;
  /** Known only to mediators and to the party on whose behalf it was conveyed. */
  fromPartyId: PartyId | null;
  submissionId: SubmissionId | null;
  responseId: ResponseId | null;
  /** [CNV4] A proposal, a question from the mediator, or an answer to the party's question. */
  kind: ConveyanceKind;
  at: string;
  by: Actor;
}

export interface ResponseEntry {
  responseId: ResponseId;
  conveyanceId: ConveyanceId;
  partyId: PartyId;
  stance: Stance;
  text: string;
  disclosure: Disclosure;
  at: string;
  author: Actor;
  /** [RSP2] The party's later answer to the same conveyance that replaced this one. */
  supersededBy: ResponseId | null;
}

/** [INB1] Who marked an inbox item handled, and when. */
export interface HandledMark {
  by: Actor;
  at: string;
}

export interface ChangeRequest {
  partyId: PartyId;
  text: string;
  at: string;
}

export interface SummaryEntry {
  summaryId: SummaryId;
  text: string;
  at: string;
  /** The parties asked to approve it (as far as this reader can tell). */
  proposedTo: PartyId[];
  approvals: PartyId[];
  changeRequests: ChangeRequest[];
  published: boolean;
  publishedAt: string | null;
  /** [SUM5] 1 when drafted, one more at each revision. */
  version: number;
  /** [SUM6] */
  withdrawn: boolean;
}

export type Milestone =
  | { kind: 'opened'; id: EventId; at: string; title: string }
  | { kind: 'phase'; id: EventId; at: string; from: Phase; to: Phase }
  | { kind: 'published'; id: EventId; at: string; summaryId: SummaryId; text: string };

export interface TalksView {
  talks: TalksInfo | null;
  members: Record<string, MemberEntry>;
  invites: Record<string, InviteEntry>;
  messages: MessageEntry[];
  submissions: Record<string, SubmissionEntry>;
  conveyances: Record<string, ConveyanceEntry>;
  responses: Record<string, ResponseEntry>;
  summaries: Record<string, SummaryEntry>;
  /** [INB1] Inbox items (submission or response ids) a mediator marked handled. */
  handled: Record<string, HandledMark>;
  milestones: Milestone[];
  /** The agenda, the single negotiating text, the package and signatures (features/agreement). */
  agreement: AgreementModel;
  /** Last aseq folded in, per audience: the resume point after a reconnect. */
  cursors: Record<string, number>;
}

export const emptyView = (): TalksView => ({
  talks: null,
  members: {},
  invites: {},
  messages: [],
  submissions: {},
  conveyances: {},
  responses: {},
  summaries: {},
  handled: {},
  milestones: [],
  agreement: emptyAgreement(),
  cursors: {},
});

export type EventPlace = 'duplicate' | 'next' | 'gap';

/** Where an event falls relative to what we hold: already seen, the next one, or after a gap. */
export function placeOf(
  cursors: Record<string, number>,
  event: Pick<WireEvent, 'audience' | 'aseq'>,
): EventPlace {
  const held = cursors[event.audience] ?? 0;
  if (event.aseq <= held) return 'duplicate';
  return event.aseq === held + 1 ? 'next' : 'gap';
}

const emptySummary = (summaryId: SummaryId, text: string, at: string): SummaryEntry => ({
  summaryId,
  text,
  at,
  proposedTo: [],
  approvals: [],
  changeRequests: [],
  published: false,
  publishedAt: null,
  version: 1,
  withdrawn: false,
});

/** [SUM5] A new version: approvals and change requests of the earlier one no longer count. */
const revised = (summary: SummaryEntry, version: number, text: string): SummaryEntry => ({
  ...summary,
  text,
  version,
  approvals: [],
  changeRequests: [],
});

const addOnce = <T>(list: T[], item: T): T[] => (list.includes(item) ? list : [...list, item]);

function updateSummary(
  view: TalksView,
  summaryId: SummaryId,
  at: string,
  change: (s: SummaryEntry) => SummaryEntry,
): TalksView {
  const current = view.summaries[summaryId] ?? emptySummary(summaryId, '', at);
  return { ...view, summaries: { ...view.summaries, [summaryId]: change(current) } };
}

function foldTalks(view: TalksView, event: WireEvent): TalksView {
  switch (event.type) {
    case 'talks.opened': {
      const { title, parties, observerCap, phase } = event.payload;
      const milestone: Milestone = { kind: 'opened', id: event.id, at: event.at, title };
      return {
        ...view,
        talks: { id: event.talksId, title, parties, observerCap, phase },
        milestones: [...view.milestones, milestone],
      };
    }
    case 'phase.changed': {
      const { from, to } = event.payload;
      const milestone: Milestone = { kind: 'phase', id: event.id, at: event.at, from, to };
      const talks = view.talks ? { ...view.talks, phase: to } : null;
      return { ...view, talks, milestones: [...view.milestones, milestone] };
    }
    default:
      return view;
  }
}

function foldMembers(view: TalksView, event: WireEvent): TalksView {
  switch (event.type) {
    case 'member.invited': {
      const p = event.payload;
      const invite: InviteEntry = { ...p, revoked: false, usedBy: null, at: event.at };
      return { ...view, invites: { ...view.invites, [p.inviteId]: invite } };
    }
    case 'invite.revoked': {
      const invite = view.invites[event.payload.inviteId];
      if (!invite) return view;
      return { ...view, invites: { ...view.invites, [invite.inviteId]: { ...invite, revoked: true } } };
    }
    case 'member.joined': {
      const p = event.payload;
      const member: MemberEntry = {
        id: p.memberId,
        role: p.role,
        partyId: p.partyId,
        sponsorPartyId: p.sponsorPartyId,
        displayName: p.displayName,
        removed: false,
        at: event.at,
      };
      const invite = view.invites[p.inviteId];
      const invites = invite
        ? { ...view.invites, [p.inviteId]: { ...invite, usedBy: p.memberId } }
        : view.invites;
      return { ...view, invites, members: { ...view.members, [p.memberId]: member } };
    }
    case 'member.removed': {
      const member = view.members[event.payload.memberId];
      if (!member) return view;
      return { ...view, members: { ...view.members, [member.id]: { ...member, removed: true } } };
    }
    default:
      return view;
  }
}

function foldExchanges(view: TalksView, event: WireEvent): TalksView {
  switch (event.type) {
    case 'message.posted': {
      const p = event.payload;
      if (view.messages.some((m) => m.messageId === p.messageId)) return view;
      const message: MessageEntry = { ...p, audience: event.audience, at: event.at, author: event.actor };
      return { ...view, messages: [...view.messages, message] };
    }
    case 'submission.created': {
      const p = event.payload;
      const submission: SubmissionEntry = { ...p, withdrawn: false, at: event.at, author: event.actor };
      return { ...view, submissions: { ...view.submissions, [p.submissionId]: submission } };
    }
    case 'submission.withdrawn': {
      const submission = view.submissions[event.payload.submissionId];
      if (!submission) return view;
      const withdrawn = { ...submission, withdrawn: true };
      return { ...view, submissions: { ...view.submissions, [submission.submissionId]: withdrawn } };
    }
    case 'conveyance.delivered':
    case 'conveyance.disclosed': {
      // A mediator reads both halves of one conveyance: merge them into one entry.
      const p = event.payload;
      const known = view.conveyances[p.conveyanceId];
      const disclosed = event.type === 'conveyance.disclosed' ? event.payload : null;
      const entry: ConveyanceEntry = {
        conveyanceId: p.conveyanceId,
        toPartyId: p.toPartyId,
        text: p.text,
        fromPartyId: disclosed?.fromPartyId ?? known?.fromPartyId ?? null,
        submissionId: disclosed?.submissionId ?? known?.submissionId ?? null,
        responseId: disclosed?.responseId ?? known?.responseId ?? null,
        kind: p.kind ?? known?.kind ?? 'proposal',
        at: known?.at ?? event.at,
        by: known?.by ?? event.actor,
      };
      return { ...view, conveyances: { ...view.conveyances, [p.conveyanceId]: entry } };
    }
    case 'response.created': {
      const p = event.payload;
      if (view.responses[p.responseId]) return view;
      const response: ResponseEntry = { ...p, at: event.at, author: event.actor, supersededBy: null };
      const responses = { ...view.responses, [p.responseId]: response };
      // [RSP2] The party's earlier answer to the same conveyance is no longer its current one.
      if (DECIDING_STANCES.includes(p.stance)) {
        for (const earlier of Object.values(view.responses)) {
          if (
            earlier.conveyanceId === p.conveyanceId &&
            earlier.partyId === p.partyId &&
            earlier.supersededBy === null &&
            DECIDING_STANCES.includes(earlier.stance)
          ) {
            responses[earlier.responseId] = { ...earlier, supersededBy: p.responseId };
          }
        }
      }
      return { ...view, responses };
    }
    case 'inbox.marked': {
      const { itemId, handled } = event.payload;
      const marks = { ...view.handled };
      if (handled) marks[itemId] = { by: event.actor, at: event.at };
      else delete marks[itemId];
      return { ...view, handled: marks };
    }
    default:
      return view;
  }
}

function foldSummaries(view: TalksView, event: WireEvent): TalksView {
  switch (event.type) {
    case 'summary.drafted':
      return updateSummary(view, event.payload.summaryId, event.at, (s) => ({
        ...s,
        text: event.payload.text,
        at: event.at,
      }));
    case 'summary.proposed': {
      const { partyId, text } = event.payload;
      const version = event.payload.version ?? 1;
      return updateSummary(view, event.payload.summaryId, event.at, (s) => ({
        ...(version > s.version ? revised(s, version, text) : s),
        text: version > s.version ? text : s.text || text,
        proposedTo: addOnce(s.proposedTo, partyId),
      }));
    }
    case 'summary.revised': {
      const { version, text } = event.payload;
      return updateSummary(view, event.payload.summaryId, event.at, (s) =>
        version > s.version ? revised(s, version, text) : s,
      );
    }
    case 'summary.withdrawn':
      return updateSummary(view, event.payload.summaryId, event.at, (s) => ({ ...s, withdrawn: true }));
    case 'summary.approved':
      return updateSummary(view, event.payload.summaryId, event.at, (s) => ({
        ...s,
        approvals: addOnce(s.approvals, event.payload.partyId),
        changeRequests: s.changeRequests.filter((c) => c.partyId !== event.payload.partyId),
      }));
    case 'summary.changesRequested': {
      const { partyId, text } = event.payload;
      return updateSummary(view, event.payload.summaryId, event.at, (s) => ({
        ...s,
        approvals: s.approvals.filter((p) => p !== partyId),
        changeRequests: [
          ...s.changeRequests.filter((c) => c.partyId !== partyId),
          { partyId, text, at: event.at },
        ],
      }));
    }
    case 'summary.published': {
      const { summaryId, text } = event.payload;
      const milestone: Milestone = { kind: 'published', id: event.id, at: event.at, summaryId, text };
      const next = updateSummary(view, summaryId, event.at, (s) => ({
        ...s,
        text,
        published: true,
        publishedAt: event.at,
      }));
      return { ...next, milestones: [...next.milestones, milestone] };
    }
    default:
      return view;
  }
}

function foldAgreementOf(view: TalksView, event: WireEvent): TalksView {
  const agreement = applyAgreementEvent(view.agreement, event);
  return agreement === view.agreement ? view : { ...view, agreement };
}

const folds = [foldTalks, foldMembers, foldExchanges, foldSummaries, foldAgreementOf];

/**
 * Folds one event into the view. An event already held (its aseq at or below the
 * audience's cursor) changes nothing, so replays after a reconnect never show
 * anything twice.
 */
export function applyEvent(view: TalksView, event: WireEvent): TalksView {
  if (placeOf(view.cursors, event) === 'duplicate') return view;
  const folded = folds.reduce((acc, fold) => fold(acc, event), view);
  return { ...folded, cursors: { ...folded.cursors, [event.audience]: event.aseq } };
}

export const applyEvents = (view: TalksView, events: readonly WireEvent[]): TalksView =>
  events.reduce(applyEvent, view);
