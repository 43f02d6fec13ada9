import {
  STANCES_FOR_KIND,
  closedByCurrentAnswer,
  type CommandPayloads,
  type ConveyanceId,
  type ConveyanceKind,
  type ResponseId,
  type SubmissionId,
} from '../../../../shared/src/index.js';
import { currentAnswerOf } from '../answers.js';
import type { DecideContext } from '../context.js';
import { decision, type Decision } from '../decision.js';
import { notFound } from '../domain-error.js';
import { draft, type DraftEvent } from '../events.js';
import type { Member, TalksState } from '../state.js';
import { checkCitedSource, requireNoCopiedWords, type Source } from './disclosure.js';
import {
  conflict,
  invalid,
  requireDelegation,
  requireHead,
  requireMediator,
  requireParty,
  requirePhase,
} from './guards.js';

/** [SUB1] A delegation member submits a position to the mediator, with the party's disclosure setting. */
export function createSubmission(
  state: TalksState,
  { text, disclosure }: CommandPayloads['submission.create'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  const partyId = requireDelegation(actor, 'submit a position');
  requirePhase(state, 'submit');
  const submissionId = ctx.newId() as SubmissionId;
  return decision([draft('submission.created', { submissionId, partyId, text, disclosure })], {
    submissionId,
  });
}

/** [SUB2] A party may withdraw its own submission; nothing withdrawn can be conveyed later. */
export function withdrawSubmission(
  state: TalksState,
  { submissionId }: CommandPayloads['submission.withdraw'],
  actor: Member,
): Decision {
  const partyId = requireDelegation(actor, 'withdraw a submission');
  requirePhase(state, 'withdraw');
  const submission = state.submissions[submissionId as SubmissionId];
  if (!submission || submission.partyId !== partyId) throw notFound();
  if (submission.withdrawn) throw conflict('This submission is already withdrawn.');
  return decision([draft('submission.withdrawn', { submissionId: submission.id, partyId })]);
}

function sourceOf(state: TalksState, submissionId?: string, responseId?: string): Source | null {
  if (submissionId !== undefined && responseId !== undefined) {
    throw invalid('A conveyance cites at most one source: a submission or a response.');
  }
  if (submissionId !== undefined) {
    const found = state.submissions[submissionId as SubmissionId];
    if (!found) throw notFound();
    return { ...found, submissionId: found.id, responseId: null, stance: null };
  }
  if (responseId !== undefined) {
    const found = state.responses[responseId as ResponseId];
    if (!found) throw notFound();
    return { ...found, withdrawn: false, submissionId: null, responseId: found.id, stance: found.stance };
  }
  return null;
}

/**
/**
 * [CNV4] What a conveyance puts to its party. A party's question (clarify) conveyed is a
 * question and its answer conveyed is an answer, whatever the mediator says; otherwise the
 * mediator chooses (a proposal unless said), e.g. a question of the mediators' own.
 */
function kindOf(source: Source | null, asked: ConveyanceKind | undefined): ConveyanceKind {
  const fixed: ConveyanceKind | null =
    source?.stance === 'clarify' ? 'question' : source?.stance === 'answer' ? 'answer' : null;
  if (fixed !== null && asked !== undefined && asked !== fixed) {
    throw invalid(`This conveys a party's ${fixed}: it can be conveyed only as a ${fixed}.`);
  }
  return fixed ?? asked ?? 'proposal';
}

/**
 * [CNV1] A mediator puts a text into one party's room, citing a source (checked against
 * its disclosure) or as the mediators' own bridging proposal. [CNV2] The authoring
 * party sees, in its own room, exactly what was conveyed on its behalf and to whom.
 */
export function conveyProposal(
  state: TalksState,
  { toPartyId, text, submissionId, responseId, kind: askedKind }: CommandPayloads['conveyance.create'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  requireMediator(actor, 'convey proposals');
  requirePhase(state, 'shuttle');
  const to = requireParty(state, toPartyId, 'toPartyId');
  const source = sourceOf(state, submissionId, responseId);
  if (source) {
    if (source.partyId === to)
      throw invalid('This text came from that party: there is nothing to convey to it.');
    checkCitedSource(source, text);
  }
  // [DIS6] A cited conveyance is read by two parties: the destination, and the author of the
  // source (conveyance.disclosed). Neither may read the other's protected words in it.
  requireNoCopiedWords(state, [text], { toPartyId: source ? null : to, cited: source });
  const kind = kindOf(source, askedKind);
  const conveyanceId = ctx.newId() as ConveyanceId;
  const events: DraftEvent[] = [draft('conveyance.delivered', { conveyanceId, toPartyId: to, text, kind })];
  if (source) {
    events.push(
      draft('conveyance.disclosed', {
        conveyanceId,
        fromPartyId: source.partyId,
        toPartyId: to,
        text,
        submissionId: source.submissionId,
        responseId: source.responseId,
        kind,
      }),
    );
  }
  return decision(events, { conveyanceId });
}

const KIND_WORDS: Record<ConveyanceKind, string> = {
  proposal: 'This is a proposal: accept, reject, counter it or ask a question.',
  question: 'This is a question from the mediator: answer it.',
  answer: 'This answers your question: you may ask a further question.',
};

/**
 * [RSP1] A party answers a conveyance it received: accept or reject by its head only,
 * counter, clarify (a question back) or answer (to a question) by any member of its
 * delegation; the answer reaches the mediators, and the other side only through a further
 * conveyance. [RSP4] The stance must fit what was conveyed: a question is answered, not
 * accepted or rejected. [RSP2] A later answer supersedes the party's earlier one to the
 * same conveyance; [RSP3] only the head changes an answer the head gave (accept or
 * reject), and giving the current accept or reject again is refused.
 */
export function respondToConveyance(
  state: TalksState,
  { conveyanceId, stance, text, disclosure }: CommandPayloads['response.create'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  const partyId =
    stance === 'accept' || stance === 'reject'
      ? requireHead(actor, `${stance} a proposal`)
      : requireDelegation(actor, 'answer a proposal');
  requirePhase(state, 'shuttle');
  const conveyance = state.conveyances[conveyanceId as ConveyanceId];
  if (!conveyance || conveyance.toPartyId !== partyId) throw notFound();
  if (!STANCES_FOR_KIND[conveyance.kind].includes(stance)) throw invalid(KIND_WORDS[conveyance.kind]);
  const current = currentAnswerOf(state, conveyance.id, partyId, stance)?.stance;
  const closed = closedByCurrentAnswer(current, actor.role, stance);
  if (closed === 'head-decided') {
    throw conflict(`Your head has ${current}ed this proposal: only the head may change the party's answer.`);
  }
  if (closed === 'same-answer') throw conflict(`Your party has already ${stance}ed this proposal.`);
  const responseId = ctx.newId() as ResponseId;
  return decision(
    [
      draft('response.created', {
        responseId,
        conveyanceId: conveyance.id,
        partyId,
        stance,
        text,
        disclosure,
      }),
    ],
    { responseId },
  );
}
