import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import {
  canonicalInputOf,
  SIGNATURE_TYP,
  signaturePayloadJson,
  textHashOf,
} from '../../shared/src/agreement.js';
import type { PartyId, SharedVersion, TalksId } from '../../shared/src/index.js';
import type { TestClient } from '../support/server.js';
import type { Stage } from './stage.js';

// The agreement's steps on a matrix stage (two parties, A and B), over real sockets: an
// agenda item, a clause, a shared version, an agreed package, a signature made the way a
// browser makes one. Each returns what the next step or the cell's command needs.

export const CLAUSE = { en: 'The parties cease all hostilities.', uk: 'Сторони припиняють усі бойові дії.' };

export async function addItem(stage: Stage, title = 'Ceasefire'): Promise<string> {
  return (await stage.ok(stage.lead, 'agenda.add', { title })).itemId ?? '';
}

/** A clause drafted by the lead (pre-negotiation at least), with bracketed wordings if asked. */
export async function draftClause(
  stage: Stage,
  options: { bracketed?: boolean; en?: string } = {},
): Promise<string> {
  await stage.phase('pre-negotiation');
  const alternatives = options.bracketed
    ? {
        alternatives: [
          { label: 'A', texts: { en: 'Within 60 days.' } },
          { label: 'B', texts: { en: 'Within 120 days.' } },
        ],
      }
    : {};
  const payload = {
    agendaItemIds: [],
    texts: { ...CLAUSE, ...(options.en ? { en: options.en } : {}) },
    ...alternatives,
  };
  return (await stage.ok(stage.lead, 'text.draftClause', payload)).clauseId ?? '';
}

export async function defineTerm(stage: Stage): Promise<string> {
  await stage.phase('pre-negotiation');
  const payload = { term: { en: 'the lines' }, definition: { en: 'The positions of 1 May.' } };
  return (await stage.ok(stage.lead, 'glossary.define', payload)).termId ?? '';
}

export async function share(stage: Stage): Promise<number> {
  return (await stage.ok<{ version: number }>(stage.lead, 'text.shareVersion', {})).version;
}

/** A shared version holding one clause: its number and the clause. */
export async function sharedClause(stage: Stage): Promise<{ version: number; clauseId: string }> {
  const clauseId = await draftClause(stage);
  return { version: await share(stage), clauseId };
}

/** One agreed clause, shared, in negotiation; each named head marks it. */
export async function markedVersion(
  stage: Stage,
  markedBy: string[] = [],
): Promise<{ version: number; clauseId: string }> {
  const clauseId = await draftClause(stage);
  await stage.ok(stage.lead, 'text.setClauseState', { clauseId, state: 'agreed' });
  const version = await share(stage);
  await stage.phase('negotiation');
  for (const partyId of markedBy) {
    const head = await stage.member('head', partyId);
    await stage.ok(head.client, 'package.mark', { version, clauseId, canLiveWith: true });
  }
  return { version, clauseId };
}

/** Both heads marked and accepted the version: the package is agreed. */
export async function agreedPackage(stage: Stage): Promise<{ version: number; clauseId: string }> {
  const agreed = await markedVersion(stage, [stage.partyA, stage.partyB]);
  for (const partyId of [stage.partyA, stage.partyB]) {
    const head = await stage.member('head', partyId);
    await stage.ok(head.client, 'package.accept', { version: agreed.version });
  }
  return agreed;
}

/** An item proposed for early implementation (pre-negotiation). */
export async function proposedItem(stage: Stage): Promise<string> {
  const itemId = await addItem(stage);
  await stage.phase('pre-negotiation');
  await stage.ok(stage.lead, 'item.proposeEarly', { itemId });
  return itemId;
}

/**
 * A head's signature of a version, as a browser makes it: a key registered first, the text
 * hash computed from the version the head received. `partyId` lets a test forge the payload.
 */
export async function signature(head: TestClient, version: number, partyId?: string): Promise<string> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const registered = await head.command('member.registerKey', { jwk: await exportJWK(publicKey) });
  if (!registered.ok) throw new Error(`setup member.registerKey failed: ${registered.error.code}`);
  const synced = await head.sync({});
  if (!synced.ok) throw new Error('setup sync failed');
  const shared = synced.result.events.find(
    (event) => event.type === 'text.versionShared' && event.payload.version === version,
  );
  if (!shared) throw new Error(`version ${version} never reached the head`);
  const view = await head.command<{
    talks: { id: string; title: string; parties: { id: string; name: string }[] };
  }>('talks.get');
  if (!view.ok) throw new Error('setup talks.get failed');
  const { talks } = view.result;
  const textHash = await textHashOf(canonicalInputOf(talks, shared.payload as SharedVersion));
  const payload = signaturePayloadJson({
    talksId: talks.id as TalksId,
    version,
    textHash,
    partyId: (partyId ?? head.grant.member.partyId) as PartyId,
  });
  return new CompactSign(new TextEncoder().encode(payload))
    .setProtectedHeader({ alg: 'ES256', typ: SIGNATURE_TYP })
    .sign(privateKey);
}
