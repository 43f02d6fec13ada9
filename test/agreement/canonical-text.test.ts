import { generateKeyPair, CompactSign, exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_TYP,
  canonicalTextJson,
  signaturePayloadJson,
  textHashOf,
  type CanonicalTextInput,
} from '../../shared/src/agreement.js';
import {
  asId,
  commandPayloadSchemas,
  type PartyId,
  type PublicSigningJwk,
  type TalksId,
} from '../../shared/src/index.js';
import { textHashSync } from '../../server/src/agreement/canonical-text.js';
import { publicMembers, verifyCompactJws } from '../../server/src/agreement/jws.js';

// The browser, the server and the offline verifier must compute one hash for one text,
// and the server's synchronous signature check must accept what jose (the browser's
// WebCrypto, in effect) signs, and refuse the same things jose refuses.

const TEXT: CanonicalTextInput = {
  title: 'Talks on the Northern border',
  parties: [
    { id: 'p-1', name: 'Northland' },
    { id: 'p-2', name: 'Southland' },
  ],
  authenticLanguage: 'uk',
  clauses: [
    { clauseId: 'c-2', number: 1, texts: { en: 'Peace — now.', uk: 'Мир — зараз.' } },
    {
      clauseId: 'c-1',
      number: 2,
      texts: { en: 'Withdrawal in "60" days.', ru: 'Отвод за 60 дней.', uk: '' },
    },
  ],
  glossary: [{ termId: 't-1', term: { en: 'peace' }, definition: { en: 'No fire.' } }],
};

describe('[SIG2] the canonical text and its hash', () => {
  it('[SIG2] the canonical JSON is RFC 8785: sorted keys, no spaces, every language present', () => {
    const json = canonicalTextJson(TEXT);
    expect(
      json.startsWith(
        '{"authenticLanguage":"uk","clauses":[{"clauseId":"c-2","number":1,"texts":{"en":"Peace — now.","ru":"","uk":"Мир — зараз."}}',
      ),
    ).toBe(true);
    expect(json).not.toMatch(/\s"/);
    const shuffled = {
      ...TEXT,
      glossary: TEXT.glossary.map((term) => ({
        definition: term.definition,
        termId: term.termId,
        term: term.term,
      })),
    };
    expect(canonicalTextJson(shuffled)).toBe(json);
  });

  it('[SIG2] the browser’s WebCrypto hash and the server’s synchronous hash agree', async () => {
    const hash = await textHashOf(TEXT);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(textHashSync(TEXT)).toBe(hash);
  });

  it('[SIG2] any change of a character, an order, a language or a party changes the hash', () => {
    const base = textHashSync(TEXT);
    const variants: CanonicalTextInput[] = [
      { ...TEXT, clauses: [...TEXT.clauses].reverse() },
      { ...TEXT, authenticLanguage: 'en' },
      { ...TEXT, title: `${TEXT.title}.` },
      {
        ...TEXT,
        parties: [
          { id: 'p-1', name: 'Southland' },
          { id: 'p-2', name: 'Northland' },
        ],
      },
      {
        ...TEXT,
        clauses: [
          { clauseId: 'c-2', number: 1, texts: { en: 'Peace - now.', uk: 'Мир — зараз.' } },
          ...TEXT.clauses.slice(1),
        ],
      },
      { ...TEXT, glossary: [] },
    ];
    for (const variant of variants) expect(textHashSync(variant)).not.toBe(base);
  });

  it('[SIG2] fields outside the canonical text never change the hash', () => {
    const extra = {
      ...TEXT,
      clauses: TEXT.clauses.map((clause) => ({ ...clause, agendaItemIds: ['x'], state: 'agreed' })),
    };
    expect(textHashSync(extra)).toBe(textHashSync(TEXT));
  });
});

describe('[SIG2] the server’s signature check agrees with jose', () => {
  for (const alg of ['ES256', 'EdDSA'] as const) {
    it(`[SIG2] a jose ${alg} JWS verifies; the same with another key, alg or typ does not`, async () => {
      const own = await generateKeyPair(alg === 'ES256' ? 'ES256' : 'Ed25519');
      const other = await generateKeyPair(alg === 'ES256' ? 'ES256' : 'Ed25519');
      const jwk = (await exportJWK(own.publicKey)) as PublicSigningJwk;
      const payload = new TextEncoder().encode('{"talksId":"t","version":1,"textHash":"h","partyId":"p"}');
      const sign = (key: CryptoKey, header: Record<string, unknown> = {}) =>
        new CompactSign(payload).setProtectedHeader({ alg, typ: SIGNATURE_TYP, ...header }).sign(key);
      expect(verifyCompactJws(await sign(own.privateKey), jwk)).toEqual({
        ok: true,
        payload: { talksId: 't', version: 1, textHash: 'h', partyId: 'p' },
      });
      expect(verifyCompactJws(await sign(other.privateKey), jwk).ok).toBe(false);
      expect(verifyCompactJws(await sign(own.privateKey, { typ: 'JWT' }), jwk).ok).toBe(false);
      expect(verifyCompactJws(await sign(own.privateKey, { b64: true, crit: ['b64'] }), jwk).ok).toBe(false);
    });
  }
});

describe('[SIG2] a signature made with WebCrypto, as a browser makes it (docs/protocol.md 13.4)', () => {
  const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  const encode = (text: string) => new TextEncoder().encode(text);

  const generate = (alg: 'ES256' | 'EdDSA'): Promise<CryptoKeyPair> =>
    alg === 'ES256'
      ? crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])
      : crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
  const signing = (alg: 'ES256' | 'EdDSA'): EcdsaParams | Algorithm =>
    alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'Ed25519' };

  for (const alg of ['ES256', 'EdDSA'] as const) {
    it(`[SIG2] ${alg}: the exported public JWK registers and the JWS verifies`, async () => {
      const keys = await generate(alg);
      const exported = await crypto.subtle.exportKey('jwk', keys.publicKey);
      const parsed = commandPayloadSchemas['member.registerKey'].parse({ jwk: exported });
      const jwk = publicMembers(parsed.jwk);
      const payload = signaturePayloadJson({
        talksId: asId<TalksId>('t'),
        version: 2,
        textHash: await textHashOf(TEXT),
        partyId: asId<PartyId>('p-1'),
      });
      const input = `${b64url(encode(JSON.stringify({ alg, typ: SIGNATURE_TYP })))}.${b64url(encode(payload))}`;
      const signature = new Uint8Array(
        await crypto.subtle.sign(signing(alg), keys.privateKey, encode(input)),
      );
      const checked = verifyCompactJws(`${input}.${b64url(signature)}`, jwk);
      expect(checked).toEqual({ ok: true, payload: JSON.parse(payload) as unknown });
    });
  }
});
