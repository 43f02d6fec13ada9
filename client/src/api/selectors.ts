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

export const inboxItemId = (item: InboxItem): string =>
  item.kind === 'submission' ? item.entry.submissionId : item.entry.responseId;

/** [RSP2] The party's current answers to a conveyance: superseded ones are history. */
export const currentResponsesTo = (view: TalksView, conveyanceId: string): ResponseEntry[] =>
  responsesTo(view, conveyanceId).filter((r) => r.supersededBy === null);

/** What an inbox item is, for the filter: a position, an answer, or a question back. */
export type InboxKind = 'submission' | 'answer' | 'question';
export const inboxKindOf = (item: InboxItem): InboxKind =>
  item.kind === 'submission' ? 'submission' : item.entry.stance === 'clarify' ? 'question' : 'answer';

/**
 * [INB2] Where an inbox item stands: it needs action until a mediator marks it handled;
 * a withdrawn submission or a superseded answer is closed whatever its mark.
 */
export type InboxState = 'needs-action' | 'handled' | 'closed';
export function inboxStateOf(view: TalksView, item: InboxItem): InboxState {
  if (item.kind === 'submission' ? item.entry.withdrawn : item.entry.supersededBy !== null) return 'closed';
  return view.handled[inboxItemId(item)] ? 'handled' : 'needs-action';
}

export const needsActionCount = (view: TalksView): number =>
  inbox(view).filter((item) => inboxStateOf(view, item) === 'needs-action').length;

export interface InboxFilter {
  partyId: PartyId | 'all';
  kind: InboxKind | 'all';
  state: 'needs-action' | 'handled' | 'all';
}

export const ALL_INBOX: InboxFilter = { partyId: 'all', kind: 'all', state: 'all' };

export function matchesFilter(view: TalksView, item: InboxItem, filter: InboxFilter): boolean {
  if (filter.partyId !== 'all' && item.entry.partyId !== filter.partyId) return false;
  if (filter.kind !== 'all' && inboxKindOf(item) !== filter.kind) return false;
  const state = inboxStateOf(view, item);
  if (filter.state === 'needs-action') return state === 'needs-action';
  if (filter.state === 'handled') return state !== 'needs-action';
  return true;
}

/**
 * A thread of the inbox: one proposal and what came of it. Its root is a party's submission
 * or, for the mediators' own proposals, the first conveyance; every answer to a conveyance
 * of the thread (and every conveyance citing an answer of it) belongs to it.
 */
export interface InboxThread {
  key: string;
  /** null when the conveyance answered is unknown to this reader. */
  root: { kind: 'submission'; entry: SubmissionEntry } | { kind: 'conveyance'; entry: ConveyanceEntry } | null;
  /** Its items that pass the filter, oldest first. */
  items: InboxItem[];
  latestAt: string;
}

function threadRootOf(view: TalksView, item: InboxItem, depth = 0): InboxThread['root'] {
  if (item.kind === 'submission') return { kind: 'submission', entry: item.entry };
  const conveyance = view.conveyances[item.entry.conveyanceId];
  if (!conveyance) return null;
  if (depth > 50) return { kind: 'conveyance', entry: conveyance };
  const submission = conveyance.submissionId ? view.submissions[conveyance.submissionId] : undefined;
  if (submission) return { kind: 'submission', entry: submission };
  const response = conveyance.responseId ? view.responses[conveyance.responseId] : undefined;
  if (response) return threadRootOf(view, { kind: 'response', entry: response }, depth + 1);
  return { kind: 'conveyance', entry: conveyance };
}

/** The inbox as threads, the most recently active first, keeping the items the filter passes. */
export function inboxThreads(view: TalksView, filter: InboxFilter = ALL_INBOX): InboxThread[] {
  const threads = new Map<string, InboxThread>();
  for (const item of inbox(view)) {
    if (!matchesFilter(view, item, filter)) continue;
    const root = threadRootOf(view, item);
    const key = !root ? inboxItemId(item) : root.kind === 'submission' ? root.entry.submissionId : root.entry.conveyanceId;
    const thread = threads.get(key) ?? { key, root, items: [], latestAt: '' };
    thread.items.unshift(item);
    if (item.entry.at > thread.latestAt) thread.latestAt = item.entry.at;
    threads.set(key, thread);
  }
  return [...threads.values()].sort((a, b) => b.latestAt.localeCompare(a.latestAt));
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
