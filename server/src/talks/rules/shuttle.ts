import type {
  CommandPayloads,
  ConveyanceId,
  ResponseId,
  SubmissionId,
} from '../../../../shared/src/index.js';
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
  return decision([draft('submission.created', { submissionId, partyId, text, disclosure })], { submissionId });
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
    return { ...found, submissionId: found.id, responseId: null };
  }
  if (responseId !== undefined) {
    const found = state.responses[responseId as ResponseId];
    if (!found) throw notFound();
    return { ...found, withdrawn: false, submissionId: null, responseId: found.id };
  }
  return null;
}

/**
 * [CNV1] A mediator puts a text into one party's room, citing a source (checked against
 * its disclosure) or as the mediators' own bridging proposal. [CNV2] The authoring
 * party sees, in its own room, exactly what was conveyed on its behalf and to whom.
 */
export function conveyProposal(
  state: TalksState,
  { toPartyId, text, submissionId, responseId }: CommandPayloads['conveyance.create'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  requireMediator(actor, 'convey proposals');
  requirePhase(state, 'shuttle');
  const to = requireParty(state, toPartyId, 'toPartyId');
  const source = sourceOf(state, submissionId, responseId);
  if (source) {
    if (source.partyId === to) throw invalid('This text came from that party: there is nothing to convey to it.');
    checkCitedSource(source, text);
  }
  // [DIS6] A cited conveyance is read by two parties: the destination, and the author of the
  // source (conveyance.disclosed). Neither may read the other's protected words in it.
  requireNoCopiedWords(state, [text], { toPartyId: source ? null : to, cited: source });
  const conveyanceId = ctx.newId() as ConveyanceId;
  const events: DraftEvent[] = [draft('conveyance.delivered', { conveyanceId, toPartyId: to, text })];
  if (source) {
    events.push(
      draft('conveyance.disclosed', {
        conveyanceId,
        fromPartyId: source.partyId,
        toPartyId: to,
        text,
        submissionId: source.submissionId,
        responseId: source.responseId,
      }),
    );
  }
  return decision(events, { conveyanceId });
}

/**
 * [RSP1] A party answers a conveyance it received: accept or reject by its head only,
 * counter or clarify by any member of its delegation; the answer reaches the mediators,
 * and the other side only through a further conveyance.
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
  const responseId = ctx.newId() as ResponseId;
  return decision(
    [draft('response.created', { responseId, conveyanceId: conveyance.id, partyId, stance, text, disclosure })],
    { responseId },
  );
}
