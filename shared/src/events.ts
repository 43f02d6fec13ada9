import type {
  AgendaItemId,
  ClauseId,
  CommentId,
  ConveyanceId,
  EventId,
  InviteId,
  MemberId,
  PartyId,
  ResponseId,
  SubmissionId,
  SummaryId,
  TalksId,
  TermId,
} from './ids.js';
import type {
  AgendaLinkKind,
  Audience,
  ClauseState,
  ConveyanceKind,
  Disclosure,
  InboxItemKind,
  Language,
  LanguageTexts,
  MessageChannel,
  Phase,
  PublicSigningJwk,
  Role,
  Stance,
} from './model.js';

// Events are facts, named in the past tense. Each payload below is exactly what
// a reader of the event's audience receives: the server builds it from an
// allowlist of these fields, never by deleting fields from something larger.

export interface PartyInfo {
  id: PartyId;
  name: string;
}

export interface EventPayloads {
  'talks.opened': { title: string; parties: PartyInfo[]; observerCap: number; phase: Phase };
  'member.invited': {
    inviteId: InviteId;
    role: Role;
    partyId: PartyId | null;
    /** For observers: the party on whose behalf the observer is invited (counts against its cap). */
    sponsorPartyId: PartyId | null;
    expiresAt: string;
  };
  'invite.revoked': { inviteId: InviteId };
  'member.joined': {
    memberId: MemberId;
    role: Role;
    partyId: PartyId | null;
    displayName: string;
    inviteId: InviteId;
    sponsorPartyId: PartyId | null;
  };
  'member.removed': { memberId: MemberId; role: Role; partyId: PartyId | null };
  /** [MB8] The lead mediator offered an existing member a link to sign in again as themself. */
  'member.reentryOffered': { inviteId: InviteId; memberId: MemberId; expiresAt: string };
  /** [MB8] The member signed in again through a re-entry link: every earlier session of theirs ends. */
  'member.reentered': { memberId: MemberId; inviteId: InviteId };
  /** [ID6] A refresh token was used: its family moved on to the next generation (ids only, never a token). */
  'session.renewed': { memberId: MemberId; familyId: string; generation: number };
  /** [ID6] A refresh token already used was presented again: every session of its family ends. */
  'session.revoked': { memberId: MemberId; familyId: string };
  'phase.changed': { from: Phase; to: Phase };
  'message.posted': { messageId: string; channel: MessageChannel; partyId: PartyId | null; text: string };
  'submission.created': { submissionId: SubmissionId; partyId: PartyId; text: string; disclosure: Disclosure };
  'submission.withdrawn': { submissionId: SubmissionId; partyId: PartyId };
  /** What the receiving party reads: the text, from the mediator, and nothing about its source. */
  'conveyance.delivered': { conveyanceId: ConveyanceId; toPartyId: PartyId; text: string; kind?: ConveyanceKind };
  /** What the authoring party reads: exactly what was conveyed on its behalf, and to whom. */
  'conveyance.disclosed': {
    conveyanceId: ConveyanceId;
    fromPartyId: PartyId;
    toPartyId: PartyId;
    text: string;
    submissionId: SubmissionId | null;
    responseId: ResponseId | null;
    kind?: ConveyanceKind;
  };
  'response.created': {
    responseId: ResponseId;
    conveyanceId: ConveyanceId;
    partyId: PartyId;
    stance: Stance;
    text: string;
    disclosure: Disclosure;
  };
  'summary.drafted': { summaryId: SummaryId; text: string };
  /** version: 1 when drafted, one more at each revision (absent in events from before revisions). */
  'summary.proposed': { summaryId: SummaryId; partyId: PartyId; text: string; version?: number };
  'summary.approved': { summaryId: SummaryId; partyId: PartyId };
  'summary.changesRequested': { summaryId: SummaryId; partyId: PartyId; text: string };
  'summary.published': { summaryId: SummaryId; text: string };
  // [SUM5][SUM6] A revision (the mediators' record; each room gets summary.proposed again) and a withdrawal.
  'summary.revised': { summaryId: SummaryId; version: number; text: string };
  'summary.withdrawn': { summaryId: SummaryId; partyId: PartyId };
  // [INB1] The mediators' own bookkeeping: who handled which item of the inbox.
  'inbox.marked': { itemKind: InboxItemKind; itemId: string; handled: boolean };
  // The agenda: items are told to every delegation; their links to a party's words are the mediators' own.
  'agenda.itemAdded': { itemId: AgendaItemId; number: number; title: string; description: string };
  'agenda.itemUpdated': { itemId: AgendaItemId; title: string; description: string };
  'agenda.linked': { itemId: AgendaItemId; kind: AgendaLinkKind; targetId: string };
  // The single negotiating text, drafted by the mediators in private.
  'text.clauseDrafted': {
    clauseId: ClauseId;
    number: number;
    agendaItemIds: AgendaItemId[];
    texts: LanguageTexts;
    alternatives: Alternative[];
    state: ClauseState;
  };
  'text.clauseStateSet': {
    clauseId: ClauseId;
    state: ClauseState;
    /** The label of the bracketed wording chosen, when this resolved the brackets. */
    chosen: string | null;
    texts: LanguageTexts;
    alternatives: Alternative[];
  };
  'text.authenticSet': { language: Language };
  'glossary.termDefined': { termId: TermId; term: LanguageTexts; definition: LanguageTexts; state: ClauseState };
  'glossary.termStateSet': { termId: TermId; state: ClauseState };
  /** One numbered version, to every delegation at the same moment: always the mediators' text. */
  'text.versionShared': SharedVersion;
  'text.commented': {
    commentId: CommentId;
    version: number;
    clauseId: ClauseId;
    partyId: PartyId;
    text: string;
    objects: boolean;
  };
  // The package: nothing is agreed until everything is agreed.
  'package.marked': { version: number; clauseId: ClauseId; partyId: PartyId; canLiveWith: boolean };
  'package.accepted': { version: number; partyId: PartyId };
  'package.agreed': { version: number };
  'item.earlyProposed': { itemId: AgendaItemId };
  'item.earlyConsented': { itemId: AgendaItemId; partyId: PartyId };
  'item.implementedEarly': { itemId: AgendaItemId; title: string };
  // Signatures.
  'member.keyRegistered': { memberId: MemberId; role: Role; partyId: PartyId | null; jwk: PublicSigningJwk };
  'agreement.signed': {
    version: number;
    partyId: PartyId;
    memberId: MemberId;
    displayName: string;
    jwk: PublicSigningJwk;
    jws: string;
    textHash: string;
  };
  'agreement.concluded': { version: number; textHash: string };
}

/** One bracketed wording of a clause, kept until the brackets are resolved. */
export interface Alternative {
  label: string;
  texts: LanguageTexts;
}

export interface ClauseSnapshot {
  clauseId: ClauseId;
  /** The clause's place in the text, from 1. */
  number: number;
  agendaItemIds: AgendaItemId[];
  state: ClauseState;
  texts: LanguageTexts;
  alternatives: Alternative[];
}

export interface TermSnapshot {
  termId: TermId;
  term: LanguageTexts;
  definition: LanguageTexts;
  state: ClauseState;
}

/** A version of the single negotiating text as every delegation receives it. */
// A type, not an interface: stored payloads must be plain records.
export type SharedVersion = {
  version: number;
  authenticLanguage: Language;
  clauses: ClauseSnapshot[];
  glossary: TermSnapshot[];
};

export type EventType = keyof EventPayloads;

export const EVENT_TYPES = [
  'talks.opened',
  'member.invited',
  'invite.revoked',
  'member.joined',
  'member.removed',
  'member.reentryOffered',
  'member.reentered',
  'session.renewed',
  'session.revoked',
  'phase.changed',
  'message.posted',
  'submission.created',
  'submission.withdrawn',
  'conveyance.delivered',
  'conveyance.disclosed',
  'response.created',
  'summary.drafted',
  'summary.proposed',
  'summary.approved',
  'summary.changesRequested',
  'summary.published',
  'summary.revised',
  'summary.withdrawn',
  'inbox.marked',
  'agenda.itemAdded',
  'agenda.itemUpdated',
  'agenda.linked',
  'text.clauseDrafted',
  'text.clauseStateSet',
  'text.authenticSet',
  'glossary.termDefined',
  'glossary.termStateSet',
  'text.versionShared',
  'text.commented',
  'package.marked',
  'package.accepted',
  'package.agreed',
  'item.earlyProposed',
  'item.earlyConsented',
  'item.implementedEarly',
  'member.keyRegistered',
  'agreement.signed',
  'agreement.concluded',
] as const satisfies readonly EventType[];

export interface Actor {
  /** null for events made by the system (the command line, first start). */
  id: MemberId | null;
  role: Role | 'system';
  partyId: PartyId | null;
  displayName: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, role: 'system', partyId: null, displayName: 'Parley' };

/** An event as it reaches a client (the `event` message and `sync` results). */
export type WireEvent<T extends EventType = EventType> = {
  [K in T]: {
    talksId: TalksId;
    id: EventId;
    audience: Audience;
    /** Position within the audience, gapless from 1: a client can prove it missed nothing. */
    aseq: number;
    type: K;
    at: string;
    actor: Actor;
    payload: EventPayloads[K];
  };
}[T];
