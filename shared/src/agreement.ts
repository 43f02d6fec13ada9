import canonicalize from 'canonicalize';
import type { SharedVersion } from './events.js';
import type { MemberId, PartyId, TalksId } from './ids.js';
import { LANGUAGES, type Language, type LanguageTexts, type PublicSigningJwk } from './model.js';

// The agreement as a signable, exportable thing. Pure and free of Node APIs so the
// browser (which signs), the server (which checks each signature) and the offline
// verifier compute one and the same hash: canonical JSON (RFC 8785) hashed with SHA-256.

export const AGREEMENT_FORMAT = 'parley-agreement/1';
export const CANONICAL_TEXT_FORMAT = 'parley-text/1';
/** The `typ` header of every signature: a JWS made for another purpose is never accepted. */
export const SIGNATURE_TYP = 'parley-signature+jws';
/** ES256 for an ECDSA P-256 key, EdDSA for an Ed25519 key: the key decides, never the header alone. */
export const SIGNATURE_ALGS = ['ES256', 'EdDSA'] as const;
export type SignatureAlg = (typeof SIGNATURE_ALGS)[number];

export const algorithmOf = (jwk: PublicSigningJwk): SignatureAlg => (jwk.kty === 'EC' ? 'ES256' : 'EdDSA');

/** What a head of delegation signs: this talks, this version, this exact text, on this party's behalf. */
export interface SignaturePayload {
  talksId: TalksId;
  version: number;
  textHash: string;
  partyId: PartyId;
}

/** The parts of a final text that the hash covers. */
export interface CanonicalTextInput {
  title: string;
  parties: { id: string; name: string }[];
  authenticLanguage: Language;
  clauses: { clauseId: string; number: number; texts: Partial<LanguageTexts> }[];
  glossary: { termId: string; term: Partial<LanguageTexts>; definition: Partial<LanguageTexts> }[];
}

const everyLanguage = (texts: Partial<LanguageTexts>): LanguageTexts =>
  Object.fromEntries(LANGUAGES.map((language) => [language, texts[language] ?? ''])) as LanguageTexts;

/**
 * The canonical JSON of a final text: title, parties, authentic language, every clause
 * and every glossary term in every language (a missing translation is ""). Built from
 * named fields only, so anything else a caller's object carries never changes the hash.
 */
export function canonicalTextJson(input: CanonicalTextInput): string {
  const canonical = {
    format: CANONICAL_TEXT_FORMAT,
    title: input.title,
    parties: input.parties.map(({ id, name }) => ({ id, name })),
    authenticLanguage: input.authenticLanguage,
    clauses: input.clauses.map(({ clauseId, number, texts }) => ({
      clauseId,
      number,
      texts: everyLanguage(texts),
    })),
    glossary: input.glossary.map(({ termId, term, definition }) => ({
      termId,
      term: everyLanguage(term),
      definition: everyLanguage(definition),
    })),
  };
  const json = canonicalize(canonical);
  if (json === undefined) throw new Error('The text cannot be canonicalised.');
  return json;
}

/** The input of the hash for a version shared in a talks (the browser has all of it from its events). */
export const canonicalInputOf = (
  talks: { title: string; parties: { id: string; name: string }[] },
  version: Pick<SharedVersion, 'authenticLanguage' | 'clauses' | 'glossary'>,
): CanonicalTextInput => ({
  title: talks.title,
  parties: talks.parties,
  authenticLanguage: version.authenticLanguage,
  clauses: version.clauses,
  glossary: version.glossary,
});

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** SHA-256 (hex) of the canonical text, with WebCrypto: the same in the browser and in Node 20. */
export async function textHashOf(input: CanonicalTextInput): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalTextJson(input));
  return hex(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

/** The bytes a head signs, as JSON: the JWS payload. */
export const signaturePayloadJson = (payload: SignaturePayload): string =>
  JSON.stringify({
    talksId: payload.talksId,
    version: payload.version,
    textHash: payload.textHash,
    partyId: payload.partyId,
  });

export interface BundleClause {
  clauseId: string;
  number: number;
  agendaItemIds: string[];
  texts: LanguageTexts;
}

export interface BundleTerm {
  termId: string;
  term: LanguageTexts;
  definition: LanguageTexts;
}

export interface BundleSignature {
  partyId: PartyId;
  memberId: MemberId;
  displayName: string;
  jwk: PublicSigningJwk;
  jws: string;
}

/** The export of an agreed text: GET /api/talks/:talksId/agreement (docs/protocol.md). */
export interface AgreementBundle {
  format: typeof AGREEMENT_FORMAT;
  talksId: TalksId;
  title: string;
  parties: { id: PartyId; name: string }[];
  version: number;
  authenticLanguage: Language;
  texts: BundleClause[];
  glossary: BundleTerm[];
  textHash: string;
  signatures: BundleSignature[];
  /** true once every party's head signed. */
  concluded: boolean;
  /** The hash of the newest entry of the talks' audit chain when the bundle was made. */
  auditHead: { hash: string; at: string };
}

/** The canonical input of a bundle: what its textHash must be the hash of. */
export const canonicalInputOfBundle = (bundle: AgreementBundle): CanonicalTextInput => ({
  title: bundle.title,
  parties: bundle.parties,
  authenticLanguage: bundle.authenticLanguage,
  clauses: bundle.texts,
  glossary: bundle.glossary,
});
