import type { CommandPayloads, ResponseId, SubmissionId } from '../../../../shared/src/index.js';
import { decision, type Decision } from '../decision.js';
import { notFound } from '../domain-error.js';
import { draft } from '../events.js';
import type { Member, TalksState } from '../state.js';
import { conflict, invalid, requireMediator } from './guards.js';

/**
 * [INB1] A mediator marks a party's submission or answer handled (or needing action again).
 * It is the mediators' own bookkeeping: told to the mediation audience only, with the
 * mediator who did it as the event's actor, in every phase (it changes nothing in the talks).
 */
export function markInboxItem(
  state: TalksState,
  { submissionId, responseId, handled }: CommandPayloads['inbox.mark'],
  actor: Member,
): Decision {
  requireMediator(actor, 'mark inbox items');
  if ((submissionId === undefined) === (responseId === undefined)) {
    throw invalid('Name exactly one item: a submissionId or a responseId.');
  }
  const itemId = submissionId ?? responseId ?? '';
  const exists =
    submissionId !== undefined
      ? state.submissions[submissionId as SubmissionId] !== undefined
      : state.responses[responseId as ResponseId] !== undefined;
  if (!exists) throw notFound();
  if ((state.handled[itemId] !== undefined) === handled) {
    throw conflict(handled ? 'This item is already marked handled.' : 'This item is not marked handled.');
  }
  const itemKind = submissionId !== undefined ? 'submission' : 'response';
  return decision([draft('inbox.marked', { itemKind, itemId, handled })]);
}
