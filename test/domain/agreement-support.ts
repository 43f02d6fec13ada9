import { generateKeyPairSync, sign as signBytes, type KeyObject } from 'node:crypto';
import { SIGNATURE_TYP } from '../../shared/src/agreement.js';
import type { Command, LanguageTexts, PublicSigningJwk } from '../../shared/src/index.js';
import { versionTextHash } from '../../server/src/agreement/canonical-text.js';
import { talks, type Scenario } from '../support/domain.js';

// Helpers for the tests of the agenda, the negotiating text, the package and the
// signatures. Signing here uses node:crypto directly (the domain tests are synchronous);
// test/agreement checks the same rules against signatures made by jose.

export type SignerKind = 'ES256' | 'EdDSA';

export interface TestSigner {
  kind: SignerKind;
  jwk: PublicSigningJwk;
  /** A compact JWS over `payload`, with the given header fields over the usual ones. */
  sign(payload: unknown, header?: Record<string, unknown>): string;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export function testSigner(kind: SignerKind = 'ES256'): TestSigner {
  const { publicKey, privateKey } =
    kind === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  const exported = publicKey.export({ format: 'jwk' });
  const jwk: PublicSigningJwk =
    kind === 'ES256'
      ? { kty: 'EC', crv: 'P-256', x: String(exported.x), y: String(exported.y) }
      : { kty: 'OKP', crv: 'Ed25519', x: String(exported.x) };
  return { kind, jwk, sign: (payload, header = {}) => compactJws(kind, privateKey, payload, header) };
}

function compactJws(
  kind: SignerKind,
  key: KeyObject,
  payload: unknown,
  header: Record<string, unknown>,
): string {
  const input = `${b64({ alg: kind, typ: SIGNATURE_TYP, ...header })}.${b64(payload)}`;
  const signature =
    kind === 'ES256'
      ? signBytes('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
      : signBytes(null, Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

export const texts = (en: string, uk = '', ru = ''): Partial<LanguageTexts> => ({
  en,
  ...(uk ? { uk } : {}),
  ...(ru ? { ru } : {}),
});

export const addItem = (s: Scenario, title: string, who = 'lead'): string =>
  String(s.run({ type: 'agenda.add', payload: { title } }, who).result.itemId);

export const draftClause = (
  s: Scenario,
  en: string,
  options: { itemIds?: string[]; alternatives?: { label: string; en: string }[]; who?: string } = {},
): string =>
  String(
    s.run(
      {
        type: 'text.draftClause',
        payload: {
          agendaItemIds: options.itemIds ?? [],
          texts: texts(en),
          ...(options.alternatives
            ? {
                alternatives: options.alternatives.map(({ label, en: words }) => ({
                  label,
                  texts: texts(words),
                })),
              }
            : {}),
        },
      },
      options.who ?? 'lead',
    ).result.clauseId,
  );

export const share = (s: Scenario, who = 'lead'): number =>
  Number(s.run({ type: 'text.shareVersion', payload: {} }, who).result.version);

/** Sets every clause and term of the working draft agreed, choosing the first bracketed wording. */
export function agreeEverything(s: Scenario): void {
  for (const clause of Object.values(s.state.agreement.clauses)) {
    if (clause.state === 'agreed') continue;
    const first = clause.alternatives[0];
    s.run(
      {
        type: 'text.setClauseState',
        payload: { clauseId: clause.id, state: 'agreed', ...(first ? { alternative: first.label } : {}) },
      },
      'lead',
    );
  }
  for (const term of Object.values(s.state.agreement.terms)) {
    if (term.state !== 'agreed')
      s.run({ type: 'glossary.setState', payload: { termId: term.id, state: 'agreed' } }, 'lead');
  }
}

export const mark = (version: number, clauseId: string, canLiveWith = true): Command => ({
  type: 'package.mark',
  payload: { version, clauseId, canLiveWith },
});

/** Every head marks every clause of the version as one its party can live with. */
export function markAll(
  s: Scenario,
  version: number,
  parties = s.state.parties.map((party) => party.name),
): void {
  const shared = s.state.agreement.versions[version - 1];
  for (const name of parties) {
    for (const clause of shared?.clauses ?? []) s.run(mark(version, clause.clauseId), `head:${name}`);
  }
}

export const accept = (version: number): Command => ({ type: 'package.accept', payload: { version } });

/** Negotiation, one agenda item, two clauses, a glossary term: shared, agreed and accepted by every head. */
export function agreedTalks(parties = ['A', 'B']): { s: Scenario; version: number; itemId: string } {
  return agreedFrom(readyTalks(parties), parties);
}

/** A talks in negotiation with an agenda item, two clauses (one bracketed) and a term. */
export function readyTalks(parties = ['A', 'B']) {
  const s = talks({ parties }).withEveryone().inPhase('negotiation');
  const itemId = addItem(s, 'Withdrawal of forces');
  draftClause(s, 'Forces withdraw to the lines of 1 May.', { itemIds: [itemId] });
  draftClause(s, 'Within [a period].', {
    itemIds: [itemId],
    alternatives: [
      { label: 'A', en: 'Within 60 days.' },
      { label: 'B', en: 'Within 120 days.' },
    ],
  });
  s.run(
    {
      type: 'glossary.define',
      payload: {
        term: texts('the lines'),
        definition: texts('The positions held on 1 May, as mapped in Annex 1.'),
      },
    },
    'lead',
  );
  return { s, itemId };
}

function agreedFrom({ s, itemId }: { s: Scenario; itemId: string }, parties: string[]) {
  agreeEverything(s);
  const version = share(s);
  markAll(s, version, parties);
  for (const name of parties) s.run(accept(version), `head:${name}`);
  return { s, version, itemId };
}

/** Registers a key for each head; returns the signers by party name. */
export function registerHeads(s: Scenario, kind: SignerKind = 'ES256'): Record<string, TestSigner> {
  const signers: Record<string, TestSigner> = {};
  for (const party of s.state.parties) {
    const signer = testSigner(kind);
    s.run({ type: 'member.registerKey', payload: { jwk: signer.jwk } }, `head:${party.name}`);
    signers[party.name] = signer;
  }
  return signers;
}

/** The payload a head of `partyName` signs for the agreed version. */
export function signedPayload(
  s: Scenario,
  partyName: string,
  version = s.state.agreement.agreedVersion ?? 0,
) {
  const shared = s.state.agreement.versions[version - 1];
  if (!shared) throw new Error(`No version ${version}.`);
  return {
    talksId: s.state.id,
    version,
    textHash: versionTextHash(s.state, shared),
    partyId: s.party(partyName),
  };
}

export const signCommand = (version: number, jws: string): Command => ({
  type: 'agreement.sign',
  payload: { version, jws },
});
