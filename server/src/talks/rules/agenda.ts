import {
  LIMITS,
  type AgendaItemId,
  type AgendaLinkKind,
  type CommandPayloads,
} from '../../../../shared/src/index.js';
import type { AgendaItem } from '../agreement-state.js';
import type { DecideContext } from '../context.js';
import { decision, type Decision } from '../decision.js';
import { notFound } from '../domain-error.js';
import { draft } from '../events.js';
import type { Member, TalksState } from '../state.js';
import { conflict, invalid, requireMediator, requirePhase } from './guards.js';

/** The agenda item, or NOT_FOUND. */
export function agendaItem(state: TalksState, itemId: string): AgendaItem {
  const item = state.agreement.agenda[itemId as AgendaItemId];
  if (!item) throw notFound();
  return item;
}

/** [AG1] The mediators keep the agenda; every delegation reads it. */
export function addAgendaItem(
  state: TalksState,
  { title, description }: CommandPayloads['agenda.add'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  requireMediator(actor, 'add agenda items');
  requirePhase(state, 'agenda');
  const number = state.agreement.agendaOrder.length + 1;
  if (number > LIMITS.maxAgendaItems)
    throw conflict(`The agenda holds at most ${LIMITS.maxAgendaItems} items.`);
  const itemId = ctx.newId() as AgendaItemId;
  return decision([draft('agenda.itemAdded', { itemId, number, title, description: description ?? '' })], {
    itemId,
  });
}

/** [AG1] A mediator rewords an item; the whole item travels again, so readers need not merge. */
export function updateAgendaItem(
  state: TalksState,
  { itemId, title, description }: CommandPayloads['agenda.update'],
  actor: Member,
): Decision {
  requireMediator(actor, 'edit agenda items');
  requirePhase(state, 'agenda');
  if (title === undefined && description === undefined)
    throw invalid('Give a new title, a new description, or both.');
  const item = agendaItem(state, itemId);
  const next = { title: title ?? item.title, description: description ?? item.description };
  if (next.title === item.title && next.description === item.description)
    throw conflict('The item already reads so.');
  return decision([draft('agenda.itemUpdated', { itemId: item.id, ...next })]);
}

/** The one target a link names; each must exist (NOT_FOUND otherwise). */
function linkTarget(
  state: TalksState,
  payload: CommandPayloads['agenda.link'],
): { kind: AgendaLinkKind; targetId: string } {
  const named = [
    { kind: 'submission' as const, id: payload.submissionId, known: (id: string) => id in state.submissions },
    { kind: 'response' as const, id: payload.responseId, known: (id: string) => id in state.responses },
    { kind: 'conveyance' as const, id: payload.conveyanceId, known: (id: string) => id in state.conveyances },
    { kind: 'clause' as const, id: payload.clauseId, known: (id: string) => id in state.agreement.clauses },
  ].filter((target) => target.id !== undefined);
  const [target] = named;
  if (named.length !== 1 || !target?.id) {
    throw invalid('Name exactly one of submissionId, responseId, conveyanceId or clauseId.');
  }
  if (!target.known(target.id)) throw notFound();
  return { kind: target.kind, targetId: target.id };
}

/**
 * [AG2] A mediator links an item to a party's submission or response, to a conveyance or
 * to a clause. The links are the mediators' own index: they tell whose words concern the
 * item, so they go to the mediators only.
 */
export function linkAgendaItem(
  state: TalksState,
  payload: CommandPayloads['agenda.link'],
  actor: Member,
): Decision {
  requireMediator(actor, 'link agenda items');
  requirePhase(state, 'agenda');
  const item = agendaItem(state, payload.itemId);
  const { kind, targetId } = linkTarget(state, payload);
  if (item.links.some((link) => link.kind === kind && link.targetId === targetId)) {
    throw conflict('The item is already linked to it.');
  }
  return decision([draft('agenda.linked', { itemId: item.id, kind, targetId })]);
}
