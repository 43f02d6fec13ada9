// @vitest-environment node
// Node, not jsdom: the offline verifier (jose) checks typed arrays by realm, which
// jsdom splits. The browser code under test uses only WebCrypto, the same in Node 20.
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_TYP } from '../../shared/src/agreement.js';
import { commandPayloadSchemas, type PublicSigningJwk } from '../../shared/src/index.js';
import { buildBundle } from '../../server/src/agreement/bundle.js';
import { versionTextHash } from '../../server/src/agreement/canonical-text.js';
import { verifyCompactJws } from '../../server/src/agreement/jws.js';
import { verifyBundle } from '../../server/src/agreement/verify-bundle.js';
import { prepareSigningKey } from '../../client/src/api/key-keeper.js';
import { memoryKeyStore, openKeyStore, type KeyStore } from '../../client/src/api/key-store.js';
import {
  generateSigningKey,
  jwkThumbprint,
  signVersion,
  type SigningKey,
} from '../../client/src/api/signing-key.js';
import type { Outcome } from '../../client/src/api/transport.js';
import { agreedTalks, signCommand } from '../domain/agreement-support.js';
import type { Scenario } from '../support/domain.js';

// What the browser signs must be what the server accepts: the key the room makes is
// registered by the server's own rule, the JWS passes the server's agreement.sign rule,
// and the bundle of two browser signatures passes the offline verifier.

const decodePart = (part: string | undefined): unknown =>
  JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));

/** The browser's view of the talks and of the agreed version, as the room holds them. */
function held(s: Scenario, version: number) {
  const shared = s.state.agreement.versions[version - 1];
  if (!shared) throw new Error(`no version ${version}`);
  const { clauses, glossary, authenticLanguage } = shared;
  return {
    talks: { id: s.state.id, title: s.state.title, parties: s.state.parties },
    version: { version, authenticLanguage, clauses, glossary },
  };
}

async function registeredHead(s: Scenario, party: string): Promise<SigningKey> {
  const key = await generateSigningKey();
  s.run({ type: 'member.registerKey', payload: { jwk: key.publicJwk } }, `head:${party}`);
  return key;
}

describe('the key a head makes in the browser', () => {
  it('is ECDSA P-256, its private half cannot be exported, and only public members are registered', async () => {
    const key = await generateSigningKey();
    expect(key.privateKey.extractable).toBe(false);
    expect(key.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await expect(crypto.subtle.exportKey('jwk', key.privateKey)).rejects.toThrow();
    expect(Object.keys(key.publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(commandPayloadSchemas['member.registerKey'].safeParse({ jwk: key.publicJwk }).success).toBe(true);
  });

  it('has the RFC 7638 thumbprint jose computes', async () => {
    const { publicJwk } = await generateSigningKey();
    expect(await jwkThumbprint(publicJwk)).toBe(await calculateJwkThumbprint({ ...publicJwk }));
    const ed: PublicSigningJwk = {
      kty: 'OKP',
      crv: 'Ed25519',
      x: 'F_qbzw8XdyUWmlN4mgKim5qtlA_BtWAJVHScHbpIUCU',
    };
    expect(await jwkThumbprint(ed)).toBe(await calculateJwkThumbprint({ ...ed }));
  });
});

describe('the signature the browser makes', () => {
  it('is a compact ES256 JWS over exactly { talksId, version, textHash, partyId } of the hash the server computes', async () => {
    const { s, version } = agreedTalks();
    const key = await registeredHead(s, 'A');
    const { talks, version: shared } = held(s, version);
    const { jws, textHash } = await signVersion(key, talks, shared, s.party('A'));

    expect(textHash).toBe(versionTextHash(s.state, shared));
    const [header, payload] = jws.split('.');
    expect(decodePart(header)).toEqual({ alg: 'ES256', typ: SIGNATURE_TYP });
    const expected = { talksId: s.state.id, version, textHash, partyId: s.party('A') };
    expect(decodePart(payload)).toEqual(expected);
    expect(verifyCompactJws(jws, key.publicJwk)).toEqual({ ok: true, payload: expected });
  });

  it('is accepted by the agreement.sign rule, and two of them conclude an agreement the offline verifier accepts', async () => {
    const { s, version } = agreedTalks();
    const keys = { A: await registeredHead(s, 'A'), B: await registeredHead(s, 'B') };
    const { talks, version: shared } = held(s, version);

    const a = await signVersion(keys.A, talks, shared, s.party('A'));
    s.when(signCommand(version, a.jws), 'head:A').thenTypes('agreement.signed');
    s.run(signCommand(version, a.jws), 'head:A');
    const b = await signVersion(keys.B, talks, shared, s.party('B'));
    s.when(signCommand(version, b.jws), 'head:B').thenTypes('agreement.signed', 'agreement.concluded');
    s.run(signCommand(version, b.jws), 'head:B');

    const bundle = buildBundle(s.state, { hash: 'a'.repeat(64), at: s.world.now });
    const verdict = await verifyBundle(JSON.parse(JSON.stringify(bundle)));
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.facts).toContain(
      `signed for A by head:A (key thumbprint ${await jwkThumbprint(keys.A.publicJwk)})`,
    );
  });

  it('is refused when made for another party or with a key other than the registered one', async () => {
    const { s, version } = agreedTalks();
    const key = await registeredHead(s, 'A');
    const { talks, version: shared } = held(s, version);
    const forB = await signVersion(key, talks, shared, s.party('B'));
    s.when(signCommand(version, forB.jws), 'head:A').thenError('INVALID_INPUT', /exactly/);
    const stranger = await signVersion(await generateSigningKey(), talks, shared, s.party('A'));
    s.when(signCommand(version, stranger.jws), 'head:A').thenError('INVALID_INPUT', /does not verify/);
  });
});

describe('keeping and registering the key', () => {
  const recorder = (answer: Outcome = { ok: true, result: {} }) => {
    const registered: PublicSigningJwk[] = [];
    return {
      registered,
      register: (jwk: PublicSigningJwk) => {
        registered.push(jwk);
        return Promise.resolve(answer);
      },
    };
  };

  it('makes, keeps and registers a key when none is registered, and reuses it on the next sign-in', async () => {
    const store = memoryKeyStore();
    const first = recorder();
    const made = await prepareSigningKey({
      memberId: 'm-1',
      registered: null,
      store,
      register: first.register,
    });
    expect(made.state).toBe('ready');
    if (made.state !== 'ready') return;
    expect(first.registered).toEqual([made.key.publicJwk]);
    expect(await store.load('m-1')).toBe(made.key);

    const later = recorder();
    const again = await prepareSigningKey({
      memberId: 'm-1',
      registered: made.key.publicJwk,
      store,
      register: later.register,
    });
    expect(again).toMatchObject({ state: 'ready', key: made.key });
    expect(later.registered).toEqual([]);
  });

  it('registers the kept key again when the talks has none (its registration never arrived)', async () => {
    const store = memoryKeyStore();
    const kept = await generateSigningKey();
    await store.save('m-1', kept);
    const { registered, register } = recorder();
    const result = await prepareSigningKey({ memberId: 'm-1', registered: null, store, register });
    expect(result).toMatchObject({ state: 'ready', key: kept });
    expect(registered).toEqual([kept.publicJwk]);
  });

  it('does not silently replace a key registered from another browser; replacing is the head’s choice', async () => {
    const store = memoryKeyStore();
    const other = await generateSigningKey();
    const { registered, register } = recorder();
    const found = await prepareSigningKey({ memberId: 'm-1', registered: other.publicJwk, store, register });
    expect(found.state).toBe('elsewhere');
    expect(registered).toEqual([]);

    const replaced = await prepareSigningKey({
      memberId: 'm-1',
      registered: other.publicJwk,
      store,
      register,
      replace: true,
    });
    expect(replaced.state).toBe('ready');
    expect(registered).toHaveLength(1);
    expect(registered[0]).not.toEqual(other.publicJwk);
  });

  it('reports a refused registration, and keeps the key for this page when the store cannot keep it', async () => {
    const refusing: KeyStore = {
      persistent: true,
      load: () => Promise.resolve(null),
      save: () => Promise.reject(new Error('QuotaExceededError')),
    };
    const phase = recorder({ ok: false, error: { code: 'PHASE', message: 'Concluded.' } });
    expect(
      await prepareSigningKey({
        memberId: 'm-2',
        registered: null,
        store: refusing,
        register: phase.register,
      }),
    ).toEqual({ state: 'failed', code: 'PHASE', message: 'Concluded.', persistent: false });

    const ok = recorder();
    const result = await prepareSigningKey({
      memberId: 'm-2',
      registered: null,
      store: refusing,
      register: ok.register,
    });
    expect(result).toMatchObject({ state: 'ready', persistent: false });
    // Kept for the page: the key made (and registered) on the first try, not a new one.
    expect(ok.registered).toEqual(phase.registered);
  });

  it('falls back to keys for this page only when IndexedDB is missing or cannot be opened', async () => {
    expect((await openKeyStore(undefined)).persistent).toBe(false);
    const broken = {
      open: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const store = await openKeyStore(broken);
    expect(store.persistent).toBe(false);
    const key = await generateSigningKey();
    await store.save('m-3', key);
    expect(await store.load('m-3')).toBe(key);
  });
});
