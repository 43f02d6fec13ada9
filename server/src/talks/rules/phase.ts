import type { CommandPayloads } from '../../../../shared/src/index.js';
import { decision, type Decision } from '../decision.js';
import { DomainError } from '../domain-error.js';
import { draft } from '../events.js';
import { canMove } from '../phases.js';
import type { Member, TalksState } from '../state.js';
import { conflict, requireLead } from './guards.js';

/** [PH1] Only the lead mediator moves the talks between phases, along the allowed edges only. */
export function changePhase(state: TalksState, { to }: CommandPayloads['phase.change'], actor: Member): Decision {
  requireLead(actor, 'change the phase');
  if (state.phase === to) throw conflict(`The talks is already in the ${to} phase.`);
  if (!canMove(state.phase, to)) {
    throw new DomainError('PHASE', `The talks cannot move from the ${state.phase} phase to the ${to} phase.`);
  }
  return decision([draft('phase.changed', { from: state.phase, to })]);
}
