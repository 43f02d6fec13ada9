import type { PartyId } from './ids.js';

export const ROLES = ['lead-mediator', 'co-mediator', 'head', 'delegate', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const PHASES = ['preparation', 'pre-negotiation', 'negotiation', 'concluded', 'suspended'] as const;
export type Phase = (typeof PHASES)[number];

export const DISCLOSURES = ['mediator-only', 'conveyable', 'verbatim'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

export const STANCES = ['accept', 'reject', 'counter', 'clarify'] as const;
export type Stance = (typeof STANCES)[number];

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
  | { kty: 'EC'; crv: 'P-256'; x: string; y: string }
  | { kty: 'OKP'; crv: 'Ed25519'; x: string };
