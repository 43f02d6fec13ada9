import type { PartyId } from '../../../shared/src/ids.js';
import type { Audience, Role } from '../../../shared/src/model.js';
import type {
  ConveyanceEntry,
  InviteEntry,
  MemberEntry,
  MessageEntry,
  ResponseEntry,
  SubmissionEntry,
  SummaryEntry,
  TalksView,
} from './talks-view.js';

// Read-only questions the views ask of the folded view. Pure, so they are
// tested with plain objects.

export const partyName = (view: TalksView, partyId: string | null): string =>
  view.talks?.parties.find((party) => party.id === partyId)?.name ?? '';

export const messagesIn = (view: TalksView, audience: Audience): MessageEntry[] =>
  view.messages.filter((message) => message.audience === audience);

export const submissionsOf = (view: TalksView, partyId: PartyId): SubmissionEntry[] =>
  Object.values(view.submissions).filter((s) => s.partyId === partyId);

/** Conveyances put into a party's room (what that party read from the mediator). */
export const conveyancesTo = (view: TalksView, partyId: PartyId): ConveyanceEntry[] =>
  Object.values(view.conveyances).filter((c) => c.toPartyId === partyId);

/** Conveyances made on a party's behalf: from its submissions or responses. */
export const conveyancesFrom = (view: TalksView, partyId: PartyId): ConveyanceEntry[] =>
  Object.values(view.conveyances).filter((c) => c.fromPartyId === partyId);

/** Who knows what: every conveyance that carried this submission (or response), to which room, when. */
export const conveyancesOfSource = (view: TalksView, sourceId: string): ConveyanceEntry[] =>
  Object.values(view.conveyances).filter((c) => c.submissionId === sourceId || c.responseId === sourceId);

export const responsesTo = (view: TalksView, conveyanceId: string): ResponseEntry[] =>
  Object.values(view.responses).filter((r) => r.conveyanceId === conveyanceId);

export type InboxItem =
  { kind: 'submission'; entry: SubmissionEntry } | { kind: 'response'; entry: ResponseEntry };

/** The mediator's inbox: every submission and response, newest first. */
export function inbox(view: TalksView): InboxItem[] {
  const items: InboxItem[] = [
    ...Object.values(view.submissions).map((entry): InboxItem => ({ kind: 'submission', entry })),
    ...Object.values(view.responses).map((entry): InboxItem => ({ kind: 'response', entry })),
  ];
  return items.sort((a, b) => b.entry.at.localeCompare(a.entry.at));
}

export type RoomItem =
  | { kind: 'message'; at: string; entry: MessageEntry }
  | { kind: 'submission'; at: string; entry: SubmissionEntry }
  | { kind: 'conveyance'; at: string; entry: ConveyanceEntry }
  | { kind: 'response'; at: string; entry: ResponseEntry };

/** Everything in one party's room as the mediators see it, oldest first. */
export function roomTimeline(view: TalksView, partyId: PartyId): RoomItem[] {
  const items: RoomItem[] = [
    ...messagesIn(view, `room:${partyId}`).map((entry): RoomItem => ({
      kind: 'message',
      at: entry.at,
      entry,
    })),
    ...submissionsOf(view, partyId).map((entry): RoomItem => ({ kind: 'submission', at: entry.at, entry })),
    ...conveyancesTo(view, partyId).map((entry): RoomItem => ({ kind: 'conveyance', at: entry.at, entry })),
    ...Object.values(view.responses)
      .filter((r) => r.partyId === partyId)
      .map((entry): RoomItem => ({ kind: 'response', at: entry.at, entry })),
  ];
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

export type ApprovalState = 'approved' | 'changes-requested' | 'waiting';

export interface PartyApproval {
  partyId: PartyId;
  name: string;
  state: ApprovalState;
  request: string | null;
}

/** Each party's answer to a summary, in the order the talks lists the parties. */
export function approvalsOf(view: TalksView, summary: SummaryEntry): PartyApproval[] {
  return (view.talks?.parties ?? []).map((party) => {
    const request = summary.changeRequests.find((c) => c.partyId === party.id);
    const state: ApprovalState = summary.approvals.includes(party.id)
      ? 'approved'
      : request
        ? 'changes-requested'
        : 'waiting';
    return { partyId: party.id, name: party.name, state, request: request?.text ?? null };
  });
}

export const allApproved = (view: TalksView, summary: SummaryEntry): boolean => {
  const approvals = approvalsOf(view, summary);
  return approvals.length > 0 && approvals.every((a) => a.state === 'approved');
};

export const summariesNewestFirst = (view: TalksView): SummaryEntry[] =>
  Object.values(view.summaries).sort((a, b) => b.at.localeCompare(a.at));

export const summariesFor = (view: TalksView, partyId: PartyId): SummaryEntry[] =>
  summariesNewestFirst(view).filter((s) => s.proposedTo.includes(partyId) || s.published);

export const activeMembers = (view: TalksView): MemberEntry[] =>
  Object.values(view.members).filter((m) => !m.removed);

export const membersOfParty = (view: TalksView, partyId: PartyId): MemberEntry[] =>
  activeMembers(view).filter((m) => m.partyId === partyId);

const MEDIATOR_ROLES: ReadonlySet<Role> = new Set(['lead-mediator', 'co-mediator']);
export const mediators = (view: TalksView): MemberEntry[] =>
  activeMembers(view).filter((m) => MEDIATOR_ROLES.has(m.role));

/** Invites still waiting to be used: not revoked, not redeemed, not expired. */
export const openInvites = (view: TalksView, now: number): InviteEntry[] =>
  Object.values(view.invites).filter((i) => !i.revoked && i.usedBy === null && Date.parse(i.expiresAt) > now);

export const publishedSummaries = (view: TalksView): SummaryEntry[] =>
  Object.values(view.summaries)
    .filter((s) => s.published)
    .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
