import { DECIDING_STANCES, type ConveyanceId, type PartyId, type Stance } from '../../../shared/src/index.js';
import type { Response, TalksState } from './state.js';

// [RSP2] A party has at most one current answer to a conveyance: its latest accept, reject,
// counter (or, to a question, its latest answer). A question back (clarify) never replaces
// an answer, and an answer never replaces a question.

export const isDeciding = (stance: Stance): boolean => DECIDING_STANCES.includes(stance);

export const answerKey = (conveyanceId: ConveyanceId, partyId: PartyId): string => `${conveyanceId}:${partyId}`;

/** The party's answer to this conveyance that a new one of this stance would supersede. */
export function currentAnswerOf(
  state: Pick<TalksState, 'responses' | 'currentAnswers'>,
  conveyanceId: ConveyanceId,
  partyId: PartyId,
  stance: Stance,
): Response | undefined {
  if (!isDeciding(stance)) return undefined;
  const id = state.currentAnswers[answerKey(conveyanceId, partyId)];
  return id === undefined ? undefined : state.responses[id];
}
