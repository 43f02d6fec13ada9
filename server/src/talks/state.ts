import type {
  ConveyanceId,
  ConveyanceKind,
  Disclosure,
  InviteId,
  MemberId,
  PartyId,
  PartyInfo,
  Phase,
  ResponseId,
  Role,
  Stance,
  SubmissionId,
  SummaryId,
  TalksId,
} from '../../../shared/src/index.js';
import { emptyAgreement, type AgreementState } from './agreement-state.js';

// The state of one talks, folded from its events by evolve(). Server-side only:
// it holds everything, and the visibility module decides what anyone is shown.

export interface Member {
  id: MemberId;
  role: Role;
  partyId: PartyId | null;
  /** Observers are invited on behalf of a party and count against its cap. */
  sponsorPartyId: PartyId | null;
  displayName: string;
  joinedAt: string;
  removed: boolean;
  /**
   * [MB8] How many times the member signed in again through a re-entry link: a
   * session token carries the value it was issued under, and an older one is void.
   */
  sessionEpoch: number;
  /** [ID6] Per session family, the generation of its current refresh token (absent: 0). */
  sessionFamilies: Record<string, number>;
  /** [ID6] Session families ended because a used refresh token came back. */
  revokedFamilies: Record<string, true>;
}

export interface Invite {
  id: InviteId;
  role: Role;
  partyId: PartyId | null;
  sponsorPartyId: PartyId | null;
  codeHash: string;
  expiresAt: string;
  usedBy: MemberId | null;
  revoked: boolean;
  /** [MB8] A re-entry link signs in as this existing member instead of seating a new one. */
  reentryFor: MemberId | null;
}

export interface Submission {
  id: SubmissionId;
  partyId: PartyId;
  authorId: MemberId;
  text: string;
  disclosure: Disclosure;
  withdrawn: boolean;
  at: string;
}

export interface Conveyance {
  id: ConveyanceId;
  toPartyId: PartyId;
  text: string;
  /** The party whose content this conveys, if it cites a submission or response. */
  fromPartyId: PartyId | null;
  submissionId: SubmissionId | null;
  responseId: ResponseId | null;
  /** [CNV4] What it puts to the party: a proposal, a question, or an answer to its question. */
  kind: ConveyanceKind;
  by: MemberId;
  at: string;
}

export interface Response {
  id: ResponseId;
  conveyanceId: ConveyanceId;
  partyId: PartyId;
  authorId: MemberId;
  stance: Stance;
  text: string;
  disclosure: Disclosure;
  at: string;
  /** [RSP2] The party's later answer to the same conveyance that replaced this one, if any. */
  supersededBy: ResponseId | null;
}

/** [INB1] Who marked an inbox item handled, and when; absent while it needs action. */
export interface Handled {
  by: MemberId;
  at: string;
}

export type SummaryStatus = 'draft' | 'published' | 'withdrawn';

export interface Summary {
  id: SummaryId;
  text: string;
  approvals: PartyId[];
  changeRequests: { partyId: PartyId; text: string }[];
  status: SummaryStatus;
  /** [SUM5] 1 when drafted, one more at each revision; approvals are of the current version. */
  version: number;
  draftedAt: string;
}

export interface TalksState {
  id: TalksId;
  title: string;
  phase: Phase;
  observerCap: number;
  parties: PartyInfo[];
  members: Record<MemberId, Member>;
  invites: Record<InviteId, Invite>;
  submissions: Record<SubmissionId, Submission>;
  conveyances: Record<ConveyanceId, Conveyance>;
  responses: Record<ResponseId, Response>;
  summaries: Record<SummaryId, Summary>;
  /** [RSP2] Each party's current answer to each conveyance, keyed `conveyanceId:partyId`. */
  currentAnswers: Record<string, ResponseId>;
  /** [INB1] Inbox items (submission or response ids) a mediator marked handled. */
  handled: Record<string, Handled>;
  /** The agenda, the single negotiating text, the package and the signatures. */
  agreement: AgreementState;
  /** seq of the last event folded in: the expectedSeq of the next append. */
  seq: number;
}

/** A talks that has not been opened yet: the state decide() sees for talks.open. */
export const emptyTalks = (id: TalksId): TalksState => ({
  id,
  title: '',
  phase: 'preparation',
  observerCap: 0,
  parties: [],
  members: {},
  invites: {},
  submissions: {},
  conveyances: {},
  responses: {},
  summaries: {},
  handled: {},
  currentAnswers: {},
  agreement: emptyAgreement(),
  seq: 0,
});

export const isOpened = (state: TalksState): boolean => state.parties.length > 0;

export const activeMember = (state: TalksState, id: MemberId): Member | undefined => {
  const member = state.members[id];
  return member && !member.removed ? member : undefined;
};

export const hasParty = (state: TalksState, partyId: string): partyId is PartyId =>
  state.parties.some((party) => party.id === partyId);
