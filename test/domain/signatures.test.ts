import { describe, expect, it } from 'vitest';
import type { Command, PublicSigningJwk } from '../../shared/src/index.js';
import { canReadAgreement } from '../../server/src/visibility/agreement.js';
import { toWireEvent } from '../../server/src/visibility/view.js';
import { talks } from '../support/domain.js';
import {
  agreedTalks,
  readyTalks,
  registerHeads,
  share,
  signCommand,
  signedPayload,
  testSigner,
  type TestSigner,
} from './agreement-support.js';

const register = (jwk: unknown): Command => ({
  type: 'member.registerKey',
  payload: { jwk } as { jwk: PublicSigningJwk },
});

describe('[SIG1] a member registers a public signing key', () => {
  it('[SIG1] a head’s key is told to its own room, a mediator’s to every delegation, like their joining', () => {
    const s = talks().withEveryone();
    const signer = testSigner('ES256');
    s.when(register(signer.jwk), 'head:A')
      .then({
        type: 'member.keyRegistered',
        payload: { memberId: s.member('head:A').id, role: 'head', partyId: s.party('A'), jwk: signer.jwk },
      })
      .thenAudiences(s.room('A'));
    s.when(register(testSigner('EdDSA').jwk), 'co').thenAudiences('joint');
  });

  it('[SIG1] only the public members of a WebCrypto export are kept', () => {
    const s = talks().withEveryone();
    const { jwk } = testSigner('EdDSA');
    const exported = { ...jwk, ext: true, key_ops: ['verify'], alg: 'Ed25519' };
    expect(s.when(register(exported), 'head:B').events[0]?.payload).toMatchObject({ jwk });
    expect(
      Object.keys((s.when(register(exported), 'head:B').events[0]?.payload as { jwk: object }).jwk).sort(),
    ).toEqual(['crv', 'kty', 'x']);
  });

  it('[SIG1] a key that is no usable point is INVALID_INPUT; the same key again is CONFLICT; a new key replaces it', () => {
    const s = talks().withEveryone();
    const signer = testSigner('ES256');
    const offCurve = { ...signer.jwk, y: signer.jwk.kty === 'EC' ? `${signer.jwk.x.slice(0, 42)}A` : '' };
    s.when(register(offCurve), 'head:A').thenError('INVALID_INPUT');
    s.run(register(signer.jwk), 'head:A');
    s.when(register(signer.jwk), 'head:A').thenError('CONFLICT');
    const next = testSigner('ES256');
    s.run(register(next.jwk), 'head:A');
    expect(s.state.agreement.keys[s.member('head:A').id]).toEqual(next.jwk);
  });

  it('[SIG1] keys are registered until the talks is concluded', () => {
    const s = talks().withEveryone().inPhase('concluded');
    s.when(register(testSigner().jwk), 'head:A').thenError('PHASE');
  });
});

describe('[SIG2] each head signs the agreed text', () => {
  const signing = (kind: 'ES256' | 'EdDSA' = 'ES256') => {
    const { s, version } = agreedTalks();
    const signers = registerHeads(s, kind);
    const signer = (name: string): TestSigner => {
      const found = signers[name];
      if (!found) throw new Error(`no signer for ${name}`);
      return found;
    };
    return { s, version, signer };
  };

  for (const kind of ['ES256', 'EdDSA'] as const) {
    it(`[SIG2] a head’s ${kind} JWS over { talksId, version, textHash, partyId } is recorded for every delegation`, () => {
      const { s, version, signer } = signing(kind);
      const payload = signedPayload(s, 'A');
      const jws = signer('A').sign(payload);
      s.when(signCommand(version, jws), 'head:A')
        .then({
          type: 'agreement.signed',
          payload: {
            version,
            partyId: s.party('A'),
            memberId: s.member('head:A').id,
            displayName: 'head:A',
            jwk: signer('A').jwk,
            jws,
            textHash: payload.textHash,
          },
        })
        .thenAudiences('joint');
    });
  }

  it('[SIG2] a signature made with another key than the registered one is INVALID_INPUT', () => {
    const { s, version, signer } = signing();
    s.when(signCommand(version, testSigner().sign(signedPayload(s, 'A'))), 'head:A').thenError(
      'INVALID_INPUT',
      /registered key/,
    );
    s.when(signCommand(version, signer('B').sign(signedPayload(s, 'A'))), 'head:A').thenError(
      'INVALID_INPUT',
    );
  });

  it('[SIG2] a payload naming another text, version, talks or party, or anything more, is INVALID_INPUT', () => {
    const { s, version, signer } = signing();
    const good = signedPayload(s, 'A');
    const tampered = [
      { ...good, textHash: '0'.repeat(64) },
      { ...good, version: version + 1 },
      { ...good, talksId: '00000000-0000-4000-8000-0000000fffff' },
      { ...good, partyId: s.party('B') },
      { ...good, note: 'and more' },
      { talksId: good.talksId, version, textHash: good.textHash },
    ];
    for (const payload of tampered) {
      s.when(signCommand(version, signer('A').sign(payload)), 'head:A').thenError('INVALID_INPUT', /payload/);
    }
  });

  it('[SIG2] a tampered JWS, another algorithm or another typ is INVALID_INPUT', () => {
    const { s, version, signer } = signing();
    const jws = signer('A').sign(signedPayload(s, 'A'));
    const [header, , signature] = jws.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ ...signedPayload(s, 'A'), version: 9 })).toString(
      'base64url',
    );
    const flipped = `${jws.slice(0, -2)}${jws.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [
      `${header}.${otherPayload}.${signature}`,
      flipped,
      signer('A').sign(signedPayload(s, 'A'), { alg: 'EdDSA' }),
      signer('A').sign(signedPayload(s, 'A'), { typ: 'JWT' }),
      signer('A').sign(signedPayload(s, 'A'), { crit: ['exp'] }),
      'not a jws',
      `${header}..${signature}`,
    ]) {
      s.when(signCommand(version, bad), 'head:A').thenError('INVALID_INPUT');
    }
  });

  it('[SIG2] only heads sign; a delegate’s own key signs nothing', () => {
    const { s, version } = signing();
    const delegate = testSigner();
    s.run(register(delegate.jwk), 'delegate:A');
    for (const who of ['delegate:A', 'lead', 'co', 'observer:A']) {
      s.when(signCommand(version, delegate.sign(signedPayload(s, 'A'))), who).thenError('FORBIDDEN');
    }
  });

  it('[SIG2] before the package is agreed there is nothing to sign (CONFLICT)', () => {
    const { s } = readyTalks();
    const version = share(s);
    const signers = registerHeads(s);
    const payload = { talksId: s.state.id, version, textHash: '0'.repeat(64), partyId: s.party('A') };
    s.when(signCommand(version, signers.A?.sign(payload) ?? ''), 'head:A').thenError(
      'CONFLICT',
      /not agreed/,
    );
  });

  it('[SIG2] another version, no registered key, or a second signature is CONFLICT', () => {
    const { s, version } = agreedTalks();
    const signer = testSigner();
    s.when(signCommand(version, signer.sign(signedPayload(s, 'A'))), 'head:A').thenError(
      'CONFLICT',
      /Register/,
    );
    s.run(register(signer.jwk), 'head:A');
    s.when(signCommand(version + 1, signer.sign(signedPayload(s, 'A'))), 'head:A').thenError(
      'CONFLICT',
      /agreed text/,
    );
    s.run(signCommand(version, signer.sign(signedPayload(s, 'A'))), 'head:A');
    s.when(signCommand(version, signer.sign(signedPayload(s, 'A'))), 'head:A').thenError(
      'CONFLICT',
      /already signed/,
    );
  });

  it('[SIG2] signing happens in the negotiation phase', () => {
    const { s, version, signer } = signing();
    s.inPhase('suspended');
    s.when(signCommand(version, signer('A').sign(signedPayload(s, 'A'))), 'head:A').thenError('PHASE');
  });
});

describe('[SIG3] every party’s signature concludes the agreement; the lead still concludes the talks', () => {
  it('[SIG3] the last head’s signature also records agreement.concluded in the gallery, told by Parley', () => {
    const { s, version } = agreedTalks(['A', 'B', 'C']);
    const signers = registerHeads(s, 'EdDSA');
    for (const name of ['A', 'C'])
      s.run(signCommand(version, signers[name]?.sign(signedPayload(s, name)) ?? ''), `head:${name}`);
    const { textHash } = signedPayload(s, 'B');
    s.when(signCommand(version, signers.B?.sign(signedPayload(s, 'B')) ?? ''), 'head:B')
      .thenTypes('agreement.signed', 'agreement.concluded')
      .thenAudiences('joint', 'gallery');
    s.run(signCommand(version, signers.B?.sign(signedPayload(s, 'B')) ?? ''), 'head:B');
    const concluded = s.stored().find((event) => event.type === 'agreement.concluded');
    expect(concluded?.payload).toEqual({ version, textHash });
    expect(concluded && toWireEvent(concluded).actor.role).toBe('system');
    expect(s.state.phase).toBe('negotiation');
    s.when({ type: 'phase.change', payload: { to: 'concluded' } }, 'lead').thenOk();
  });

  it('[VIS9] the package agreed is told to the gallery by Parley, the log keeps the accepting head', () => {
    const { s } = agreedTalks();
    const agreed = s.stored().find((event) => event.type === 'package.agreed');
    expect(agreed?.actor.role).toBe('head');
    expect(agreed && toWireEvent(agreed).actor).toEqual({
      id: null,
      role: 'system',
      partyId: null,
      displayName: 'Parley',
    });
  });
});

describe('[SIG4] who may read the export of the agreement', () => {
  it('[SIG4] nobody before the package is agreed; then delegations and mediators; observers once concluded', () => {
    const everyone = ['lead', 'co', 'head:A', 'delegate:A', 'head:B', 'delegate:B', 'observer:A'];
    const readers = (s: ReturnType<typeof talks>) =>
      everyone.filter((name) => canReadAgreement(s.state, s.member(name)));
    const { s } = readyTalks();
    expect(readers(s)).toEqual([]);
    const agreed = agreedTalks();
    expect(readers(agreed.s)).toEqual(['lead', 'co', 'head:A', 'delegate:A', 'head:B', 'delegate:B']);
    const signers = registerHeads(agreed.s);
    for (const name of ['A', 'B']) {
      agreed.s.run(
        signCommand(agreed.version, signers[name]?.sign(signedPayload(agreed.s, name)) ?? ''),
        `head:${name}`,
      );
    }
    expect(readers(agreed.s)).toEqual(everyone);
    agreed.s.run({ type: 'member.remove', payload: { memberId: agreed.s.member('delegate:B').id } }, 'lead');
    expect(canReadAgreement(agreed.s.state, agreed.s.member('delegate:B'))).toBe(false);
  });
});
