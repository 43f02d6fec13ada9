import { calculateJwkThumbprint, compactVerify, importJWK } from 'jose';
import {
  algorithmOf,
  canonicalInputOfBundle,
  SIGNATURE_TYP,
  textHashOf,
  type AgreementBundle,
  type BundleSignature,
} from '../../../shared/src/agreement.js';
import { agreementBundleSchema } from './bundle-schema.js';

// The offline check of an agreement bundle ([SIG5]): recompute the text hash, verify each
// signature with jose against the key the bundle carries, and check that each one signs
// this talks, this version, this hash, for its own party, and that every party signed.
// It needs nothing but the file: no database, no server, no network.

export interface BundleVerdict {
  ok: boolean;
  /** What holds, one line each (printed on success). */
  facts: string[];
  /** What failed, one line each. */
  problems: string[];
}

const decoder = new TextDecoder();

/** Why this signature fails, or undefined when it holds. */
async function signatureProblem(
  bundle: AgreementBundle,
  signature: BundleSignature,
  textHash: string,
  party: string,
): Promise<string | undefined> {
  const alg = algorithmOf(signature.jwk);
  let key: Awaited<ReturnType<typeof importJWK>>;
  try {
    key = await importJWK({ ...signature.jwk }, alg);
  } catch {
    return `the key of ${party} is not a usable ${alg} public key`;
  }
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(signature.jws, key, { algorithms: [alg] });
  } catch {
    return `the signature of ${party} does not verify with its key`;
  }
  if (verified.protectedHeader.typ !== SIGNATURE_TYP)
    return `the signature of ${party} is not a ${SIGNATURE_TYP}`;
  let payload: unknown;
  try {
    payload = JSON.parse(decoder.decode(verified.payload));
  } catch {
    return `the signature of ${party} signs no JSON payload`;
  }
  const expected = { talksId: bundle.talksId, version: bundle.version, textHash, partyId: signature.partyId };
  const fields = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const names = Object.keys(expected) as (keyof typeof expected)[];
  const exact =
    Object.keys(fields).length === names.length && names.every((name) => fields[name] === expected[name]);
  return exact ? undefined : `the signature of ${party} signs another talks, version, text or party`;
}

/** Verifies a parsed bundle file; never throws. */
export async function verifyBundle(value: unknown): Promise<BundleVerdict> {
  const parsed = agreementBundleSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return {
      ok: false,
      facts: [],
      problems: [`not a Parley agreement bundle: ${where}${issue?.message ?? 'malformed'}`],
    };
  }
  const bundle = parsed.data as AgreementBundle;
  const facts: string[] = [];
  const problems: string[] = [];
  const textHash = await textHashOf(canonicalInputOfBundle(bundle));
  if (textHash === bundle.textHash)
    facts.push(`text hash ${textHash} matches the text in every language and the glossary`);
  else problems.push(`the text was changed: its hash is ${textHash}, the bundle says ${bundle.textHash}`);

  const nameOf = new Map(bundle.parties.map((party) => [party.id, party.name]));
  const signed = new Set<string>();
  for (const signature of bundle.signatures) {
    const party = nameOf.get(signature.partyId);
    if (party === undefined) {
      problems.push(`a signature names a party that is not in the talks (${signature.partyId})`);
      continue;
    }
    if (signed.has(signature.partyId)) problems.push(`${party} signed more than once`);
    signed.add(signature.partyId);
    const problem = await signatureProblem(bundle, signature, textHash, party);
    if (problem) problems.push(problem);
    else {
      const thumbprint = await calculateJwkThumbprint({ ...signature.jwk });
      facts.push(`signed for ${party} by ${signature.displayName} (key thumbprint ${thumbprint})`);
    }
  }
  const unsigned = bundle.parties.filter((party) => !signed.has(party.id)).map((party) => party.name);
  if (unsigned.length > 0) problems.push(`not signed by: ${unsigned.join(', ')}`);
  return { ok: problems.length === 0, facts, problems };
}
