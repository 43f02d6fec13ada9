import type { PartyId } from './ids.js';

export const ROLES = ['lead-mediator', 'co-mediator', 'head', 'delegate', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const PHASES = ['preparation', 'pre-negotiation', 'negotiation', 'concluded', 'suspended'] as const;
export type Phase = (typeof PHASES)[number];

export const DISCLOSURES = ['mediator-only', 'conveyable', 'verbatim'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

export const STANCES = ['accept', 'reject', 'counter', 'clarify', 'answer'] as const;
export type Stance = (typeof STANCES)[number];

// [RSP2][CNV4] What a conveyance puts to a party, and so which answers it takes: a proposal
// (accept, reject, counter, or ask a question), a question from the mediator (answered
// with `answer`), or an answer to the party's own question (it may ask again).
export const CONVEYANCE_KINDS = ['proposal', 'question', 'answer'] as const;
export type ConveyanceKind = (typeof CONVEYANCE_KINDS)[number];

/** The stances each kind of conveyance takes. */
export const STANCES_FOR_KIND: Record<ConveyanceKind, readonly Stance[]> = {
  proposal: ['accept', 'reject', 'counter', 'clarify'],
  question: ['answer'],
  answer: ['clarify'],
};

/** [RSP2] Stances that state the party's position on a proposal: a later one supersedes an earlier one. */
export const DECIDING_STANCES: readonly Stance[] = ['accept', 'reject', 'counter', 'answer'];

/**
 * [RSP3] What the party's current answer closes to a member of this role: once the head has
 * accepted or rejected, only the head changes the party's answer, and never to the same one.
 * One rule for the domain (which refuses) and the party room (which offers only what is open).
 */
export function closedByCurrentAnswer(
  current: Stance | undefined,
  role: Role,
  stance: Stance,
): 'head-decided' | 'same-answer' | null {
  if ((current !== 'accept' && current !== 'reject') || !DECIDING_STANCES.includes(stance)) return null;
  if (role !== 'head') return 'head-decided';
  return current === stance ? 'same-answer' : null;
}

/** Inbox items a mediator marks handled ([INB1]). */
export const INBOX_ITEM_KINDS = ['submission', 'response'] as const;
export type InboxItemKind = (typeof INBOX_ITEM_KINDS)[number];

/** Where a message is posted, as a client names it (the server derives the audience). */
export const MESSAGE_CHANNELS = ['caucus', 'room', 'mediation', 'joint'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** The single audience of an event: who may ever read it. */
export type Audience = `caucus:${string}` | `room:${string}` | 'mediation' | 'joint' | 'gallery';

export const caucusOf = (partyId: PartyId): Audience => `caucus:${partyId}`;
export const roomOf = (partyId: PartyId): Audience => `room:${partyId}`;

export const isMediatorRole = (role: Role): boolean => role === 'lead-mediator' || role === 'co-mediator';
export const isPartyRole = (role: Role): boolean => role === 'head' || role === 'delegate';

/** Limits shared by client and server so the client can tell the user before sending. */
export const LIMITS = {
  /** Largest accepted command or HTTP body, in bytes. */
  maxMessageBytes: 64 * 1024,
  maxTextChars: 20_000,
  maxTitleChars: 200,
  maxNameChars: 80,
  minParties: 2,
  maxParties: 12,
  maxObserverCap: 50,
  defaultObserverCap: 2,
  defaultInviteHours: 72,
  maxInviteHours: 24 * 30,
  maxSyncEvents: 2_000,
  /** A sync page stops before this many bytes of events (it always carries at least one event). */
  maxSyncBytes: 256 * 1024,
  maxAuditPage: 1_000,
  /** The single negotiating text and its glossary. */
  maxClauses: 500,
  maxTerms: 500,
  maxAgendaItems: 200,
  maxAlternatives: 6,
  maxLabelChars: 40,
  maxTermChars: 200,
  /** A compact JWS over { talksId, version, textHash, partyId } is a few hundred characters. */
  maxJwsChars: 4_096,
} as const;

/** The languages every text carries; one of them is designated authentic. */
export const LANGUAGES = ['en', 'uk', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text in each language: an empty string is a translation not yet made. */
export type LanguageTexts = Record<Language, string>;

/**
 * Where a clause (or a glossary term) stands. `bracketed`: alternative wordings are
 * kept side by side until the mediators resolve them by choosing one.
 */
export const CLAUSE_STATES = ['open', 'bracketed', 'provisionally-agreed', 'agreed'] as const;
export type ClauseState = (typeof CLAUSE_STATES)[number];

/** What an agenda item's private (mediators') links point to. */
export const AGENDA_LINK_KINDS = ['submission', 'response', 'conveyance', 'clause'] as const;
export type AgendaLinkKind = (typeof AGENDA_LINK_KINDS)[number];

/**
 * A public signing key as WebCrypto exports it, reduced to its public members:
 * ECDSA P-256 (signs ES256) or Ed25519 (signs EdDSA). Never a private key.
 */
export type PublicSigningJwk =
  { kty: 'EC'; crv: 'P-256'; x: string; y: string } | { kty: 'OKP'; crv: 'Ed25519'; x: string };
