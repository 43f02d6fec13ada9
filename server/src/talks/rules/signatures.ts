import type { CommandPayloads, MemberId, PartyId } from '../../../../shared/src/index.js';
import type { SignaturePayload } from '../../../../shared/src/agreement.js';
import { versionTextHash } from '../../agreement/canonical-text.js';
import { isUsablePublicKey, publicMembers, verifyCompactJws } from '../../agreement/jws.js';
import { versionNumbered } from '../agreement-state.js';
import { decision, type Decision } from '../decision.js';
import { draft, type DraftEvent } from '../events.js';
import type { Member, TalksState } from '../state.js';
import { conflict, invalid, requireHead, requirePhase } from './guards.js';
import { sameJson } from './texts.js';

/**
 * [SIG1] A member registers a public signing key made in the browser (ECDSA P-256 or
 * Ed25519); a new one replaces the old. It is told to the audience that knows the member.
 */
export function registerKey(
  state: TalksState,
  { jwk }: CommandPayloads['member.registerKey'],
  actor: Member,
): Decision {
  requirePhase(state, 'keys');
  const key = publicMembers(jwk);
  if (!isUsablePublicKey(key)) throw invalid('This is not a usable P-256 or Ed25519 public key.');
  if (sameJson(state.agreement.keys[actor.id], key)) throw conflict('This key is already registered.');
  return decision([
    draft('member.keyRegistered', { memberId: actor.id, role: actor.role, partyId: actor.partyId, jwk: key }),
  ]);
}

/** The payload must name exactly this talks, the agreed version, its text hash and the signer's party. */
function checkPayload(payload: unknown, expected: SignaturePayload): void {
  const fields = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const names = Object.keys(expected) as (keyof SignaturePayload)[];
  const exact =
    Object.keys(fields).length === names.length && names.every((name) => fields[name] === expected[name]);
  if (!exact) throw invalid(`The signed payload must be exactly { ${names.join(', ')} } of the agreed text.`);
}

/**
 * [SIG2] Once the package is agreed, each party's head signs the agreed version: a
 * compact JWS over { talksId, version, textHash, partyId }, checked against the key
 * the head registered. [SIG3] The signature is told to every delegation; with every
 * party's signature the agreement is concluded, a public milestone. The phase does
 * not change: the lead mediator concludes the talks.
 */
export function signAgreement(
  state: TalksState,
  { version, jws }: CommandPayloads['agreement.sign'],
  actor: Member,
): Decision {
  const partyId: PartyId = requireHead(actor, 'sign the agreement');
  requirePhase(state, 'package');
  const { agreement } = state;
  if (agreement.agreedVersion === null)
    throw conflict('The package is not agreed yet: there is nothing to sign.');
  const shared = versionNumbered(agreement, agreement.agreedVersion);
  if (!shared || version !== shared.version)
    throw conflict(`Version ${agreement.agreedVersion} is the agreed text: sign that one.`);
  if (agreement.signatures[partyId]) throw conflict('Your party already signed.');
  const jwk = agreement.keys[actor.id];
  if (!jwk) throw conflict('Register your signing key before signing.');
  const checked = verifyCompactJws(jws, jwk);
  if (!checked.ok) throw invalid(`The signature is not valid: ${checked.reason}.`);
  const textHash = versionTextHash(state, shared);
  checkPayload(checked.payload, { talksId: state.id, version, textHash, partyId });
  const memberId: MemberId = actor.id;
  const events: DraftEvent[] = [
    draft('agreement.signed', {
      version,
      partyId,
      memberId,
      displayName: actor.displayName,
      jwk,
      jws,
      textHash,
    }),
  ];
  const signed = new Set([...Object.keys(agreement.signatures), partyId]);
  if (state.parties.every((party) => signed.has(party.id)))
    events.push(draft('agreement.concluded', { version, textHash }));
  return decision(events);
}
