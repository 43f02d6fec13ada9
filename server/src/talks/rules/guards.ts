import { isMediatorRole, isPartyRole, type PartyId } from '../../../../shared/src/index.js';
import { DomainError } from '../domain-error.js';
import { phaseAllows, type Activity } from '../phases.js';
import type { Member, TalksState } from '../state.js';

// Checks shared by the rules, in the order every rule applies them: role first
// (it never depends on what exists), then phase (public to every member), then
// the target (absent and hidden read the same), then the target's own state.

export const forbidden = (message: string): DomainError => new DomainError('FORBIDDEN', message);
export const conflict = (message: string): DomainError => new DomainError('CONFLICT', message);
export const invalid = (message: string): DomainError => new DomainError('INVALID_INPUT', message);

export function requireLead(actor: Member, what: string): void {
  if (actor.role !== 'lead-mediator') throw forbidden(`Only the lead mediator may ${what}.`);
}

export function requireMediator(actor: Member, what: string): void {
  if (!isMediatorRole(actor.role)) throw forbidden(`Only a mediator may ${what}.`);
}

/** The actor's party, for a member of a delegation; FORBIDDEN for anyone else. */
export function requireDelegation(actor: Member, what: string): PartyId {
  if (!isPartyRole(actor.role) || actor.partyId === null) {
    throw forbidden(`Only a member of a delegation may ${what}.`);
  }
  return actor.partyId;
}

export function requireHead(actor: Member, what: string): PartyId {
  const partyId = requireDelegation(actor, what);
  if (actor.role !== 'head') throw forbidden(`Only the head of delegation may ${what}.`);
  return partyId;
}

const ACTIVITY_WORDS: Record<Activity, string> = {
  membership: 'Members cannot be changed',
  talk: 'Messages cannot be posted',
  joint: 'Joint messages can be posted only in the negotiation phase; they cannot be posted',
  submit: 'Positions cannot be submitted',
  withdraw: 'Positions cannot be withdrawn',
  shuttle: 'Proposals can be conveyed and answered only in the pre-negotiation and negotiation phases; not',
  summarise: 'Summaries cannot be changed',
  agenda: 'The agenda cannot be changed',
  text: 'The negotiating text can be drafted, shared and commented on only in the pre-negotiation and negotiation phases; not',
  package: 'The package can be marked, accepted and signed only in the negotiation phase; not',
  keys: 'Signing keys cannot be registered',
};

export function requirePhase(state: TalksState, activity: Activity): void {
  if (!phaseAllows(state.phase, activity)) {
    throw new DomainError('PHASE', `${ACTIVITY_WORDS[activity]} in the ${state.phase} phase.`);
  }
}

export function requireParty(state: TalksState, partyId: string | undefined, field = 'partyId'): PartyId {
  const party = state.parties.find((candidate) => candidate.id === partyId);
  if (!party) throw invalid(`${field} must name one of the talks' parties.`);
  return party.id;
}
