import { z } from 'zod';
import { AGREEMENT_FORMAT } from '../../../shared/src/agreement.js';
import { LANGUAGES } from '../../../shared/src/index.js';

// The shape of an agreement bundle, checked before anything in it is trusted: the
// offline verifier reads files that may have been edited by anyone.

const texts = z.strictObject({ en: z.string(), uk: z.string(), ru: z.string() });
const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const jwk = z.discriminatedUnion('kty', [
  z.strictObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: b64url, y: b64url }),
  z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: b64url }),
]);

export const agreementBundleSchema = z.strictObject({
  format: z.literal(AGREEMENT_FORMAT),
  talksId: z.string().min(1),
  title: z.string(),
  parties: z.array(z.strictObject({ id: z.string().min(1), name: z.string() })).min(1),
  version: z.number().int().min(1),
  authenticLanguage: z.enum(LANGUAGES),
  texts: z.array(
    z.strictObject({
      clauseId: z.string(),
      number: z.number().int(),
      agendaItemIds: z.array(z.string()),
      texts,
    }),
  ),
  glossary: z.array(z.strictObject({ termId: z.string(), term: texts, definition: texts })),
  textHash: z.string().regex(/^[0-9a-f]{64}$/),
  signatures: z.array(
    z.strictObject({
      partyId: z.string(),
      memberId: z.string(),
      displayName: z.string(),
      jwk,
      jws: z.string(),
    }),
  ),
  concluded: z.boolean(),
  auditHead: z.strictObject({ hash: z.string(), at: z.string() }),
});
