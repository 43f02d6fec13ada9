import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { ActingRole, CommandCase } from './authorization-matrix.js';
import {
  addItem,
  agreedPackage,
  CLAUSE,
  defineTerm,
  draftClause,
  markedVersion,
  proposedItem,
  share,
  sharedClause,
  signature,
} from './agreement-stage.js';
import type { Stage } from './stage.js';

// The setups of the agreement's cells of the command matrix: each puts the targets the
// command names in place, in a phase that allows the command's activity, so that only the
// role (and what the case names) decides the answer.

export interface Call {
  type: string;
  payload: Record<string, unknown>;
}
export type Setup = (stage: Stage, role: ActingRole) => Call | Promise<Call>;

type AgreementCase = Extract<
  CommandCase,
  | `agenda.${string}`
  | `text.${string}`
  | `glossary.${string}`
  | `package.${string}`
  | `item.${string}`
  | 'member.registerKey'
  | `agreement.${string}`
>;

const call = (type: string, payload: Record<string, unknown>): Call => ({ type, payload });
const text = 'Words for the matrix.';

const headOf = async (stage: Stage, partyId: string) => (await stage.member('head', partyId)).client;

export const AGREEMENT_SETUPS: Record<AgreementCase, Setup> = {
  'agenda.add': () => call('agenda.add', { title: 'Prisoners', description: 'Their exchange.' }),
  'agenda.update': async (stage) =>
    call('agenda.update', { itemId: await addItem(stage), title: 'Prisoners of war' }),
  'agenda.update with nothing to change': async (stage) =>
    call('agenda.update', { itemId: await addItem(stage) }),
  'agenda.link to a party’s submission': async (stage) => {
    const itemId = await addItem(stage);
    return call('agenda.link', { itemId, submissionId: await stage.submit(stage.partyA, 'mediator-only') });
  },
  'agenda.link naming two targets': async (stage) => {
    const itemId = await addItem(stage);
    const submissionId = await stage.submit(stage.partyA, 'conveyable');
    return call('agenda.link', { itemId, submissionId, clauseId: await draftClause(stage) });
  },

  'text.draftClause': async (stage) => {
    await stage.phase('pre-negotiation');
    return call('text.draftClause', { agendaItemIds: [await addItem(stage)], texts: CLAUSE });
  },
  'text.draftClause revising an unknown clause': async (stage) => {
    await stage.phase('pre-negotiation');
    return call('text.draftClause', { clauseId: randomUUID(), agendaItemIds: [], texts: CLAUSE });
  },
  'text.draftClause with one alternative alone': async (stage) => {
    await stage.phase('pre-negotiation');
    return call('text.draftClause', {
      agendaItemIds: [],
      texts: CLAUSE,
      alternatives: [{ label: 'A', texts: { en: text } }],
    });
  },
  'text.setClauseState choosing a bracketed wording': async (stage) =>
    call('text.setClauseState', {
      clauseId: await draftClause(stage, { bracketed: true }),
      state: 'agreed',
      alternative: 'B',
    }),
  'text.setClauseState leaving the brackets without a choice': async (stage) =>
    call('text.setClauseState', { clauseId: await draftClause(stage, { bracketed: true }), state: 'agreed' }),
  'text.setAuthentic': async (stage) => {
    await stage.phase('pre-negotiation');
    return call('text.setAuthentic', { language: 'uk' });
  },
  'text.shareVersion': async (stage) => {
    await draftClause(stage);
    return call('text.shareVersion', {});
  },
  'text.shareVersion with nothing changed': async (stage) => {
    await sharedClause(stage);
    return call('text.shareVersion', {});
  },
  'text.comment on a clause of a shared version': async (stage) =>
    call('text.comment', { ...(await sharedClause(stage)), text, objects: true }),
  'text.comment on a clause drafted but not shared': async (stage) => {
    const { version } = await sharedClause(stage);
    const hidden = await draftClause(stage, { en: 'A clause still in the mediators’ draft.' });
    return call('text.comment', { version, clauseId: hidden, text, objects: false });
  },
  'glossary.define': async (stage) => {
    await stage.phase('pre-negotiation');
    return call('glossary.define', {
      term: { en: 'the lines', uk: 'лінії' },
      definition: { en: 'The positions of 1 May.' },
    });
  },
  'glossary.setState': async (stage) =>
    call('glossary.setState', { termId: await defineTerm(stage), state: 'agreed' }),
  'glossary.setState to bracketed': async (stage) =>
    call('glossary.setState', { termId: await defineTerm(stage), state: 'bracketed' }),

  'package.mark': async (stage) =>
    call('package.mark', { ...(await markedVersion(stage)), canLiveWith: true }),
  'package.mark on a version no longer current': async (stage) => {
    const { version, clauseId } = await sharedClause(stage);
    await stage.ok(stage.lead, 'text.draftClause', {
      clauseId,
      agendaItemIds: [],
      texts: { en: 'Reworded.' },
    });
    await share(stage);
    await stage.phase('negotiation');
    return call('package.mark', { version, clauseId, canLiveWith: true });
  },
  'package.accept once everything is agreed and marked': async (stage) =>
    call('package.accept', { version: (await markedVersion(stage, [stage.partyA])).version }),
  'package.accept before the party marked every clause': async (stage) =>
    call('package.accept', { version: (await markedVersion(stage)).version }),
  'item.proposeEarly': async (stage) => {
    const itemId = await addItem(stage);
    await stage.phase('pre-negotiation');
    return call('item.proposeEarly', { itemId });
  },
  'item.consentEarly to a proposed item': async (stage) =>
    call('item.consentEarly', { itemId: await proposedItem(stage) }),
  'item.consentEarly before a proposal': async (stage) => {
    const itemId = await addItem(stage);
    await stage.phase('pre-negotiation');
    return call('item.consentEarly', { itemId });
  },

  'member.registerKey': async () =>
    call('member.registerKey', { jwk: await exportJWK((await generateKeyPair('Ed25519')).publicKey) }),
  'agreement.sign of the agreed version': async (stage) => {
    const { version } = await agreedPackage(stage);
    return call('agreement.sign', {
      version,
      jws: await signature(await headOf(stage, stage.partyA), version),
    });
  },
  'agreement.sign before the package is agreed': async (stage) => {
    const { version } = await markedVersion(stage, [stage.partyA, stage.partyB]);
    return call('agreement.sign', {
      version,
      jws: await signature(await headOf(stage, stage.partyA), version),
    });
  },
  'agreement.sign naming another party': async (stage) => {
    const { version } = await agreedPackage(stage);
    return call('agreement.sign', {
      version,
      jws: await signature(await headOf(stage, stage.partyA), version, stage.partyB),
    });
  },
};
