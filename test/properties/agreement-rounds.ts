import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { SIGNATURE_TYP, signaturePayloadJson, type SignatureAlg } from '../../shared/src/agreement.js';
import type { PartyId, PublicSigningJwk, TalksId } from '../../shared/src/index.js';
import type { ModelClause, ModelTerm } from '../support/agreement-oracle.js';
import type { ModelCommand } from '../support/oracle.js';
import { phasePath } from '../visibility/stage.js';
import { CLAUSE_WORDS, DEFINITION_WORDS, TERM_WORDS, worded } from './agreement-words.js';
import { HEADS, latestOr, partyOf } from './cast-picks.js';
import type { Session } from './session.js';
import type { Pick } from './session-plan.js';

// The paths that reach the agreement's milestones within a bounded session: early
// implementation of an item, an agreed package, and every head's signature. Each step is
// an ordinary command, predicted by the oracle and judged like any other; a step the rules
// refuse (say, in a suspended talks) is simply refused, and the round goes on.

/** A key pair made the way a browser makes one; the private half never leaves the test. */
export interface SigningKey {
  alg: SignatureAlg;
  jwk: PublicSigningJwk;
  privateKey: CryptoKey;
}

export async function newSigningKey(alg: SignatureAlg): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg === 'ES256' ? 'ES256' : 'Ed25519');
  return { alg, jwk: (await exportJWK(publicKey)) as PublicSigningJwk, privateKey };
}

const LEAD = 0;

/** The lead mediator moves the talks to negotiation (a concluded talks stays concluded). */
async function toNegotiation(session: Session): Promise<void> {
  const from = session.oracle.phase;
  if (from === 'concluded') return;
  for (const to of phasePath(from, 'negotiation'))
    await session.exec(LEAD, { type: 'phase.change', payload: { to } });
}

/** Runs a command only if the oracle says it will be accepted: the rounds take only the steps that still matter. */
async function ifAccepted(session: Session, seat: number, command: ModelCommand): Promise<void> {
  if (session.oracle.predict(session.linkAt(seat).memberId, command).ok) await session.exec(seat, command);
}

/** [PKG4] A mediator proposes an item for early implementation; every head consents; the gallery learns it binds. */
export async function earlyRound(session: Session, pick: Pick): Promise<void> {
  const { agreement } = session.oracle;
  let item = latestOr(
    [...agreement.items.values()].filter((candidate) => !candidate.implemented),
    pick,
  );
  if (!item) {
    const added = await session.run(LEAD, {
      type: 'agenda.add',
      payload: { title: session.text(LEAD, 'Humanitarian access') },
    });
    if (!added.ok) return;
    item = agreement.items.get((added.result as { itemId: string }).itemId);
  }
  if (!item) return;
  const itemId = item.id;
  await session.exec(LEAD, { type: 'item.proposeEarly', payload: { itemId } });
  for (const seat of HEADS)
    await ifAccepted(session, seat, { type: 'item.consentEarly', payload: { itemId } });
}

/** A P-256 public key whose point is on no curve: the x of one key with the y of another. */
async function unusableKey(): Promise<SigningKey> {
  const [one, other] = [await newSigningKey('ES256'), await newSigningKey('ES256')];
  return { ...one, jwk: { ...one.jwk, y: (other.jwk as { y: string }).y } as PublicSigningJwk };
}

/** [SIG1] A member registers a key: a fresh one, the one it already has (again), or an unusable one. */
export async function registerKey(
  session: Session,
  seat: number,
  alg: SignatureAlg,
  kind: 'fresh' | 'again' | 'unusable',
): Promise<void> {
  const held = session.keys.get(seat);
  const key =
    kind === 'again' && held ? held : kind === 'unusable' ? await unusableKey() : await newSigningKey(alg);
  if (kind === 'unusable') session.oracle.agreement.unusable(key.jwk);
  const answer = await session.run(seat, { type: 'member.registerKey', payload: { jwk: key.jwk } });
  if (answer.ok) session.keys.set(seat, key);
}

/**
 * [SIG2] A head signs: the payload the rules want, made with its registered key, unless
 * the action forges it (another key, another party, another version).
 */
export async function sign(
  session: Session,
  seat: number,
  forge: 'none' | 'otherKey' | 'otherParty' | 'otherVersion',
): Promise<void> {
  const { agreement } = session.oracle;
  const own = session.parties[partyOf(seat) ?? 0] ?? '';
  const version = agreement.agreedVersion ?? agreement.current()?.version ?? 1;
  const payload = agreement.signaturePayload(own) ?? {
    talksId: session.talksId,
    version,
    textHash: '0'.repeat(64),
    partyId: own,
  };
  if (forge === 'otherParty') payload.partyId = session.parties[((partyOf(seat) ?? 0) + 1) % 3] ?? '';
  const held = session.keys.get(seat);
  const key =
    forge === 'otherKey' || !held ? await newSigningKey(held?.alg === 'ES256' ? 'EdDSA' : 'ES256') : held;
  const json = signaturePayloadJson({
    ...payload,
    talksId: payload.talksId as TalksId,
    partyId: payload.partyId as PartyId,
  });
  const jws = await new CompactSign(new TextEncoder().encode(json))
    .setProtectedHeader({ alg: key.alg, typ: SIGNATURE_TYP })
    .sign(key.privateKey);
  agreement.made(jws, { jwk: key.jwk, payload: JSON.parse(json) as unknown });
  await session.exec(seat, {
    type: 'agreement.sign',
    payload: { version: forge === 'otherVersion' ? version + 1 : version, jws },
  });
}

/** [TXT2] The lead brings a clause to agreed: brackets resolved, a wording in the authentic language. */
async function settleClause(session: Session, clause: ModelClause): Promise<void> {
  const authentic = session.oracle.agreement.authentic;
  if (clause.alternatives.length > 0) {
    const worded = clause.alternatives.find((alternative) => alternative.texts[authentic] !== '');
    const choice = worded ?? clause.alternatives[0];
    const state = worded ? 'agreed' : 'open';
    await session.exec(LEAD, {
      type: 'text.setClauseState',
      payload: { clauseId: clause.clauseId, state, alternative: choice?.label ?? 'A' },
    });
  }
  const current = session.oracle.agreement.clauses.get(clause.clauseId);
  if (!current) return;
  if (current.texts[authentic] === '') {
    const texts = { [authentic]: session.text(LEAD, CLAUSE_WORDS[authentic]) };
    await session.exec(LEAD, {
      type: 'text.draftClause',
      payload: { clauseId: current.clauseId, agendaItemIds: current.agendaItemIds, texts },
    });
  }
  await ifAccepted(session, LEAD, {
    type: 'text.setClauseState',
    payload: { clauseId: clause.clauseId, state: 'agreed' },
  });
}

/** [LNG2] The lead brings a glossary term to agreed, in the authentic language. */
async function settleTerm(session: Session, term: ModelTerm): Promise<void> {
  const authentic = session.oracle.agreement.authentic;
  const missing = (texts: ModelTerm['term'], words: Record<string, string>) =>
    texts[authentic] === '' ? { [authentic]: session.text(LEAD, words[authentic] ?? '') } : {};
  if (term.term[authentic] === '' || term.definition[authentic] === '') {
    const payload = {
      termId: term.termId,
      term: missing(term.term, TERM_WORDS),
      definition: missing(term.definition, DEFINITION_WORDS),
    };
    await session.exec(LEAD, { type: 'glossary.define', payload });
  }
  await ifAccepted(session, LEAD, {
    type: 'glossary.setState',
    payload: { termId: term.termId, state: 'agreed' },
  });
}

/** [PKG1-3] Everything agreed, shared, marked and accepted by every head: the package is agreed. */
async function reachAgreement(session: Session): Promise<void> {
  const { agreement } = session.oracle;
  await toNegotiation(session);
  if (agreement.agreedVersion !== null || session.oracle.phase !== 'negotiation') return;
  if (agreement.clauses.size === 0) {
    const texts = worded(session, LEAD, ['en', 'uk', 'ru'], CLAUSE_WORDS);
    await session.exec(LEAD, { type: 'text.draftClause', payload: { agendaItemIds: [], texts } });
  }
  for (const clause of [...agreement.clauses.values()]) await settleClause(session, clause);
  for (const term of [...agreement.terms.values()]) await settleTerm(session, term);
  await ifAccepted(session, LEAD, { type: 'text.shareVersion', payload: {} });
  const shared = agreement.current();
  if (!shared) return;
  const { version } = shared;
  for (const seat of HEADS) {
    const party = session.parties[partyOf(seat) ?? 0] ?? '';
    for (const clause of shared.clauses) {
      await ifAccepted(session, seat, {
        type: 'package.mark',
        payload: { version, clauseId: clause.clauseId, canLiveWith: true },
      });
    }
    if (!shared.accepted.has(party))
      await session.exec(seat, { type: 'package.accept', payload: { version } });
  }
}

/** The observer's seat: the export is closed to it until every party signed. */
const OBSERVER = 8;

/** An agreed package, then the export as read by `reader` and by the observer (no reading when null). */
export async function agreementRound(session: Session, reader: number | null): Promise<void> {
  await reachAgreement(session);
  if (reader === null) return;
  await session.checkExport(reader, false);
  await session.checkExport(OBSERVER, reader % 2 === 1);
}

/** [SIG2][SIG3] An agreed package (reached first if need be), then the first `heads` heads register a key if they have none and sign. */
export async function signRound(session: Session, heads: number, reader: number): Promise<void> {
  if (session.oracle.agreement.agreedVersion === null) await reachAgreement(session);
  await toNegotiation(session);
  for (const [index, seat] of HEADS.slice(0, heads).entries()) {
    if (!session.keys.has(seat))
      await registerKey(session, seat, index % 2 === 0 ? 'ES256' : 'EdDSA', 'fresh');
    await sign(session, seat, 'none');
  }
  await session.checkExport(reader, reader % 2 === 0);
  await session.checkExport(OBSERVER, reader % 2 === 1);
}
