import type {
  AgendaItemId,
  AgendaLinkKind,
  Alternative,
  ClauseId,
  ClauseState,
  Language,
  LanguageTexts,
  MemberId,
  PartyId,
  PublicSigningJwk,
  SharedVersion,
  TermId,
} from '../../../shared/src/index.js';

// The state of the road from proposals to a signed agreement, folded from its events:
// the agenda, the mediators' working draft of the single negotiating text, the versions
// shared with the parties, each party's marks and acceptances, and the signatures.

export interface AgendaItem {
  id: AgendaItemId;
  number: number;
  title: string;
  description: string;
  /** The mediators' private index of what concerns this item. */
  links: { kind: AgendaLinkKind; targetId: string }[];
  earlyProposed: boolean;
  earlyConsents: PartyId[];
  implementedEarly: boolean;
}

export interface Clause {
  id: ClauseId;
  number: number;
  agendaItemIds: AgendaItemId[];
  texts: LanguageTexts;
  alternatives: Alternative[];
  state: ClauseState;
}

export interface Term {
  id: TermId;
  term: LanguageTexts;
  definition: LanguageTexts;
  state: ClauseState;
}

/** A version as shared, with what each party did about it. */
export interface VersionRecord extends SharedVersion {
  /** Per party, per clause: whether its head marked that it can live with the clause. */
  marks: Record<PartyId, Record<ClauseId, boolean>>;
  accepted: PartyId[];
}

export interface Signature {
  partyId: PartyId;
  memberId: MemberId;
  displayName: string;
  jwk: PublicSigningJwk;
  jws: string;
  textHash: string;
}

export interface AgreementState {
  agenda: Record<AgendaItemId, AgendaItem>;
  agendaOrder: AgendaItemId[];
  /** The mediators' working draft, never shown to a party except through a shared version. */
  clauses: Record<ClauseId, Clause>;
  clauseOrder: ClauseId[];
  terms: Record<TermId, Term>;
  termOrder: TermId[];
  authenticLanguage: Language;
  /** Shared versions; version n is at index n - 1. */
  versions: VersionRecord[];
  /** The version every head accepted, once the package is agreed. */
  agreedVersion: number | null;
  /** Each member's registered public signing key. */
  keys: Record<MemberId, PublicSigningJwk>;
  signatures: Record<PartyId, Signature>;
  concluded: boolean;
}

/** English is authentic until the mediators designate another language. */
export const emptyAgreement = (): AgreementState => ({
  agenda: {},
  agendaOrder: [],
  clauses: {},
  clauseOrder: [],
  terms: {},
  termOrder: [],
  authenticLanguage: 'en',
  versions: [],
  agreedVersion: null,
  keys: {},
  signatures: {},
  concluded: false,
});

export const latestVersion = (agreement: AgreementState): VersionRecord | undefined =>
  agreement.versions.at(-1);

export const versionNumbered = (agreement: AgreementState, version: number): VersionRecord | undefined =>
  agreement.versions[version - 1];
