// The agreement part of capture-examples.ts: agenda, single negotiating text, glossary,
// package, early implementation, keys and signatures, driven as a client would drive them
// (the signature made with jose over the hash the client computes itself).
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import {
  canonicalInputOf,
  SIGNATURE_TYP,
  signaturePayloadJson,
  textHashOf,
} from '../../shared/src/agreement.js';
import type { Ack, PartyInfo, SharedVersion, WireEvent } from '../../shared/src/index.js';
import type { TestClient } from '../support/server.js';

export type Send = (
  step: string,
  who: string,
  client: TestClient,
  type: string,
  payload?: unknown,
) => Promise<Ack<Record<string, string>>>;

export interface AgreementCast {
  lead: TestClient;
  coMediator: TestClient;
  headA: TestClient;
  headB: TestClient;
  title: string;
  parties: PartyInfo[];
  /** A submission of party A that the agenda can be linked to. */
  submissionId: string;
}

const resultOf = (answer: Ack<Record<string, string>>): Record<string, string> => {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result;
};

const sharedVersion = async (client: TestClient, version: number): Promise<SharedVersion> => {
  const event: WireEvent = await client.waitFor(
    (candidate) => candidate.type === 'text.versionShared' && candidate.payload.version === version,
  );
  return event.payload as SharedVersion;
};

/** A head's signing key (made by the client; only the public half is sent) and a signer. */
async function signerFor(head: TestClient) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = await exportJWK(publicKey);
  const sign = (payload: string) =>
    new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ alg: 'EdDSA', typ: SIGNATURE_TYP })
      .sign(privateKey);
  return { head, jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, sign };
}

export async function agreementRound(send: Send, cast: AgreementCast): Promise<void> {
  const { lead, coMediator, headA, headB } = cast;
  const item = resultOf(
    await send('add an agenda item', 'lead', lead, 'agenda.add', {
      title: 'Water sharing',
      description: 'How the river is shared.',
    }),
  );
  await send('reword an agenda item', 'coMediator', coMediator, 'agenda.update', {
    itemId: item.itemId,
    description: 'How the river is shared in normal and in dry years.',
  });
  await send('add an agenda item as a head', 'headA', headA, 'agenda.add', { title: 'Our item' });
  await send('link an agenda item', 'lead', lead, 'agenda.link', {
    itemId: item.itemId,
    submissionId: cast.submissionId,
  });
  await send('link to nothing', 'lead', lead, 'agenda.link', { itemId: item.itemId });

  const clause = resultOf(
    await send('draft a clause', 'lead', lead, 'text.draftClause', {
      agendaItemIds: [item.itemId],
      texts: { en: 'The waters of the river are shared.' },
      alternatives: [
        { label: 'A', texts: { en: 'The waters are shared 60/40.' } },
        { label: 'B', texts: { en: 'The waters are shared 55/45.', uk: 'Води розподіляються 55/45.' } },
      ],
    }),
  );
  const term = resultOf(
    await send('define a term', 'coMediator', coMediator, 'glossary.define', {
      term: { en: 'dry year', uk: 'посушливий рік' },
      definition: {
        en: 'A year with less than 60% of the mean flow.',
        uk: 'Рік зі стоком менше 60% середнього.',
      },
    }),
  );
  await send('share version 1', 'lead', lead, 'text.shareVersion', {});
  await send('share again unchanged', 'lead', lead, 'text.shareVersion', {});
  await send('comment on a clause', 'headA', headA, 'text.comment', {
    version: 1,
    clauseId: clause.clauseId,
    text: 'We cannot accept 55/45 without the dry-year rule.',
    objects: true,
  });
  await send('agree a bracketed clause', 'lead', lead, 'text.setClauseState', {
    clauseId: clause.clauseId,
    state: 'agreed',
  });
  await send('set the authentic language', 'lead', lead, 'text.setAuthentic', { language: 'uk' });
  await send('resolve the brackets', 'lead', lead, 'text.setClauseState', {
    clauseId: clause.clauseId,
    state: 'agreed',
    alternative: 'B',
  });
  await send('agree a term', 'lead', lead, 'glossary.setState', { termId: term.termId, state: 'agreed' });
  await send('share version 2', 'lead', lead, 'text.shareVersion', {});
  const v2 = await sharedVersion(headA, 2);

  await send('mark an old version', 'headA', headA, 'package.mark', {
    version: 1,
    clauseId: clause.clauseId,
    canLiveWith: true,
  });
  await send('accept before marking', 'headA', headA, 'package.accept', { version: 2 });
  for (const [who, head] of [
    ['headA', headA],
    ['headB', headB],
  ] as const) {
    await send('mark a clause', who, head, 'package.mark', {
      version: 2,
      clauseId: clause.clauseId,
      canLiveWith: true,
    });
    await send('accept the package', who, head, 'package.accept', { version: 2 });
  }
  await send('draft after the package is agreed', 'lead', lead, 'text.draftClause', {
    agendaItemIds: [],
    texts: { en: 'More.' },
  });

  await send('propose early implementation', 'lead', lead, 'item.proposeEarly', { itemId: item.itemId });
  await send('consent early', 'headA', headA, 'item.consentEarly', { itemId: item.itemId });
  await send('consent early', 'headB', headB, 'item.consentEarly', { itemId: item.itemId });

  const textHash = await textHashOf(canonicalInputOf({ title: cast.title, parties: cast.parties }, v2));
  const signers = [await signerFor(headA), await signerFor(headB)];
  await send('sign without a key', 'headA', headA, 'agreement.sign', { version: 2, jws: 'x.y.z' });
  for (const signer of signers) {
    const who = signer.head === headA ? 'headA' : 'headB';
    await send('register a signing key', who, signer.head, 'member.registerKey', { jwk: signer.jwk });
  }
  const { talksId, partyId: partyA } = headA.grant.member;
  const wrongHash = '0'.repeat(64);
  const wrong = await signers[0]?.sign(
    signaturePayloadJson({ talksId, version: 2, textHash: wrongHash, partyId: partyA as never }),
  );
  await send('sign another hash', 'headA', headA, 'agreement.sign', { version: 2, jws: wrong });
  for (const signer of signers) {
    const { partyId } = signer.head.grant.member;
    const jws = await signer.sign(
      signaturePayloadJson({ talksId, version: 2, textHash, partyId: partyId as never }),
    );
    await send(
      'sign the agreement',
      signer.head === headA ? 'headA' : 'headB',
      signer.head,
      'agreement.sign',
      { version: 2, jws },
    );
  }
}
