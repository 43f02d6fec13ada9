import { isMediatorRole, type CommandPayloads, type PartyId } from '../../../../shared/src/index.js';
import type { DecideContext } from '../context.js';
import { decision, type Decision } from '../decision.js';
import { draft } from '../events.js';
import type { Member, TalksState } from '../state.js';
import { requireNoCopiedWords } from './disclosure.js';
import { forbidden, invalid, requireDelegation, requireMediator, requireParty, requirePhase } from './guards.js';

/**
 * [MSG1] caucus: the delegation only, mediators excluded. [MSG2] room: the delegation
 * and the mediators (a mediator names the party). [MSG3] mediation: mediators only.
 * [MSG4] joint: delegations and mediators, in the negotiation phase only.
 * [DIS6] What a mediator posts to a party never carries another party's words that its
 * disclosure setting keeps from it.
 */
export function postMessage(
  state: TalksState,
  { audience: channel, partyId, text }: CommandPayloads['message.post'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  let party: PartyId | null = null;
  switch (channel) {
    case 'caucus':
      party = ownParty(actor, partyId, 'post in a caucus');
      requirePhase(state, 'talk');
      break;
    case 'room':
      if (isMediatorRole(actor.role)) {
        if (partyId === undefined) throw invalid('Name the party whose room the message is for (partyId).');
        party = requireParty(state, partyId);
      } else {
        party = ownParty(actor, partyId, 'post in a room');
      }
      requirePhase(state, 'talk');
      break;
    case 'mediation':
      requireMediator(actor, 'post in the mediators’ channel');
      if (partyId !== undefined) throw invalid('The mediators’ channel belongs to no party: leave partyId out.');
      requirePhase(state, 'talk');
      break;
    case 'joint':
      if (!isMediatorRole(actor.role)) requireDelegation(actor, 'post in the joint session');
      if (partyId !== undefined) throw invalid('The joint session belongs to no party: leave partyId out.');
      requirePhase(state, 'joint');
      break;
  }
  if (isMediatorRole(actor.role) && (channel === 'room' || channel === 'joint')) {
    requireNoCopiedWords(state, [text], { toPartyId: party });
  }
  const messageId = ctx.newId();
  return decision([draft('message.posted', { messageId, channel, partyId: party, text })], { messageId });
}

/** A delegation member posts only to its own party's caucus or room. */
function ownParty(actor: Member, partyId: string | undefined, what: string): PartyId {
  const own = requireDelegation(actor, what);
  if (partyId !== undefined && partyId !== own) throw forbidden('You may post only in your own party’s channels.');
  return own;
}
