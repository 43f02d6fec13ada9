import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import {
  SIGNATURE_TYP,
  canonicalInputOf,
  signaturePayloadJson,
  textHashOf,
  type SignatureAlg,
} from '../../shared/src/agreement.js';
import type { Ack, PublicSigningJwk, SharedVersion, TalksId, PartyId } from '../../shared/src/index.js';
import type { TalksView } from '../../server/src/visibility/view.js';
import { openCast, type Cast, type TestClient, type TestServer } from '../support/server.js';

// A talks driven through a real server, over real sockets, from the first agenda item
// to every head's signature, the way the web client does it: keys made and signatures
// computed with jose/WebCrypto on the "browser" side, the text hash from the shared
// version the head received.

export interface SignedTalks {
  cast: Cast;
  heads: { A: TestClient; B: TestClient };
  delegateA: TestClient;
  observer: TestClient;
  version: number;
  /** The version shared first, before the brackets were resolved. */
  firstVersion: number;
}

export function ok<T = Record<string, unknown>>(answer: Ack<unknown>, what: string): T {
  if (!answer.ok) throw new Error(`${what}: ${answer.error.code} ${answer.error.message}`);
  return answer.result as T;
}

const CLAUSES = [
  {
    en: 'The parties cease all hostilities.',
    uk: 'Сторони припиняють усі бойові дії.',
    ru: 'Стороны прекращают все боевые действия.',
  },
  { en: 'Forces withdraw to the lines.', uk: 'Сили відводяться на лінії.', ru: 'Силы отводятся на линии.' },
];

async function draftText(lead: TestClient, itemId: string): Promise<string> {
  for (const texts of CLAUSES)
    ok(await lead.command('text.draftClause', { agendaItemIds: [itemId], texts }), 'draft');
  const bracketed = ok<{ clauseId: string }>(
    await lead.command('text.draftClause', {
      agendaItemIds: [itemId],
      // [TXT2] The chosen wording takes the place of the brackets only.
      texts: { en: 'Within [a period].', uk: 'Протягом [строку].', ru: 'В течение [срока].' },
      alternatives: [
        { label: 'A', texts: { en: '60 days', uk: '60 днів', ru: '60 дней' } },
        { label: 'B', texts: { en: '120 days', uk: '120 днів', ru: '120 дней' } },
      ],
    }),
    'draft bracketed',
  );
  ok(
    await lead.command('glossary.define', {
      term: { en: 'the lines', uk: 'лінії', ru: 'линии' },
      definition: { en: 'The positions of 1 May.', uk: 'Позиції на 1 травня.', ru: 'Позиции на 1 мая.' },
    }),
    'define',
  );
  return bracketed.clauseId;
}

async function agreeEverything(lead: TestClient, bracketedId: string): Promise<void> {
  const view = ok<{ events: { type: string; payload: Record<string, unknown> }[] }>(
    await lead.sync({}),
    'sync',
  );
  for (const event of view.events) {
    if (event.type === 'text.clauseDrafted') {
      const clauseId = String(event.payload.clauseId);
      const choice = clauseId === bracketedId ? { alternative: 'B' } : {};
      ok(await lead.command('text.setClauseState', { clauseId, state: 'agreed', ...choice }), 'agree');
    }
    if (event.type === 'glossary.termDefined') {
      ok(
        await lead.command('glossary.setState', { termId: event.payload.termId, state: 'agreed' }),
        'agree term',
      );
    }
  }
}

/** What a browser does to sign: make a key pair, register its public half, sign the hash of the version it holds. */
export async function signAsHead(head: TestClient, version: number, alg: SignatureAlg): Promise<void> {
  const { publicKey, privateKey } = await generateKeyPair(alg === 'ES256' ? 'ES256' : 'Ed25519');
  const jwk = (await exportJWK(publicKey)) as PublicSigningJwk;
  ok(await head.command('member.registerKey', { jwk }), 'register key');
  const shared = await head.waitFor(
    (event) => event.type === 'text.versionShared' && event.payload.version === version,
  );
  const talks = ok<TalksView>(await head.command('talks.get'), 'talks.get').talks;
  const textHash = await textHashOf(canonicalInputOf(talks, shared.payload as SharedVersion));
  const payload = signaturePayloadJson({
    talksId: talks.id as TalksId,
    version,
    textHash,
    partyId: head.grant.member.partyId as PartyId,
  });
  const jws = await new CompactSign(new TextEncoder().encode(payload))
    .setProtectedHeader({ alg, typ: SIGNATURE_TYP })
    .sign(privateKey);
  ok(await head.command('agreement.sign', { version, jws }), 'sign');
}

/** Opens a talks and takes it to an agreed package; `sign` says which heads also sign. */
export async function agreedTalks(
  server: TestServer,
  sign: ('A' | 'B')[] = ['A', 'B'],
): Promise<SignedTalks> {
  const cast = await openCast(server, { observerCap: 1 });
  const heads = {
    A: await cast.seat('head', cast.partyA, 'Head A'),
    B: await cast.seat('head', cast.partyB, 'Head B'),
  };
  const delegateA = await cast.seat('delegate', cast.partyA, 'Delegate A');
  const observer = await cast.seat('observer', cast.partyA, 'Observer');
  const { lead } = cast;
  for (const to of ['pre-negotiation', 'negotiation'])
    ok(await lead.command('phase.change', { to }), 'phase');
  const { itemId } = ok<{ itemId: string }>(
    await lead.command('agenda.add', { title: 'Ceasefire and withdrawal' }),
    'agenda',
  );
  const bracketedId = await draftText(lead, itemId);
  const { version: firstVersion } = ok<{ version: number }>(
    await lead.command('text.shareVersion'),
    'share 1',
  );
  ok(
    await heads.A.command('text.comment', {
      version: firstVersion,
      clauseId: bracketedId,
      text: 'Too slow.',
      objects: true,
    }),
    'comment',
  );
  await agreeEverything(lead, bracketedId);
  const { version } = ok<{ version: number }>(await lead.command('text.shareVersion'), 'share 2');
  for (const head of [heads.A, heads.B]) {
    const shared = await head.waitFor(
      (event) => event.type === 'text.versionShared' && event.payload.version === version,
    );
    for (const clause of (shared.payload as SharedVersion).clauses) {
      ok(
        await head.command('package.mark', { version, clauseId: clause.clauseId, canLiveWith: true }),
        'mark',
      );
    }
    ok(await head.command('package.accept', { version }), 'accept');
  }
  if (sign.includes('A')) await signAsHead(heads.A, version, 'ES256');
  if (sign.includes('B')) await signAsHead(heads.B, version, 'EdDSA');
  return { cast, heads, delegateA, observer, version, firstVersion };
}

/** GET one of the agreement routes with a session token. */
export async function getAgreement(server: TestServer, talksId: string, token: string | null, html = false) {
  const response = await fetch(`${server.url}/api/talks/${talksId}/agreement${html ? '.html' : ''}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
