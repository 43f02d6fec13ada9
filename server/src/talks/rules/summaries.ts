import type { CommandPayloads, SummaryId } from '../../../../shared/src/index.js';
import type { DecideContext } from '../context.js';
import { decision, type Decision } from '../decision.js';
import { notFound } from '../domain-error.js';
import { draft } from '../events.js';
import type { Member, Summary, TalksState } from '../state.js';
import { requireNoCopiedWords } from './disclosure.js';
import { conflict, requireHead, requireLead, requireMediator, requirePhase } from './guards.js';

/** [SUM1] A mediator drafts a summary; every party's room receives it at the same moment. */
export function draftSummary(
  state: TalksState,
  { text }: CommandPayloads['summary.draft'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  requireMediator(actor, 'draft summaries');
  requirePhase(state, 'summarise');
  requireNoCopiedWords(state, [text], { toPartyId: null }); // [DIS6]: every party reads it
  const summaryId = ctx.newId() as SummaryId;
  const proposals = state.parties.map((party) =>
    draft('summary.proposed', { summaryId, partyId: party.id, text, version: 1 }),
  );
  return decision([draft('summary.drafted', { summaryId, text }), ...proposals], { summaryId });
}

function draftSummaryFor(state: TalksState, summaryId: string): Summary {
  const summary = state.summaries[summaryId as SummaryId];
  if (!summary) throw notFound();
  if (summary.status === 'published') throw conflict('This summary is already published.');
  if (summary.status === 'withdrawn') throw conflict('The mediators withdrew this summary.');
  return summary;
}

/**
 * [SUM2] Each party's head approves a summary on the party's behalf. A head who names the
 * version read is refused if the mediators revised it since ([SUM5]).
 */
export function approveSummary(
  state: TalksState,
  { summaryId, version }: CommandPayloads['summary.approve'],
  actor: Member,
): Decision {
  const partyId = requireHead(actor, 'approve summaries');
  requirePhase(state, 'summarise');
  const summary = draftSummaryFor(state, summaryId);
  if (version !== undefined && version !== summary.version) {
    throw conflict(`The mediators revised this summary (now version ${summary.version}): read it again before approving.`);
  }
  if (summary.approvals.includes(partyId)) throw conflict('Your party already approved this summary.');
  return decision([draft('summary.approved', { summaryId: summary.id, partyId })]);
}

/** [SUM3] A head may ask for changes instead; it withdraws the party's approval, if any. */
export function requestSummaryChanges(
  state: TalksState,
  { summaryId, text }: CommandPayloads['summary.requestChanges'],
  actor: Member,
): Decision {
  const partyId = requireHead(actor, 'ask for changes to summaries');
  requirePhase(state, 'summarise');
  const summary = draftSummaryFor(state, summaryId);
  return decision([draft('summary.changesRequested', { summaryId: summary.id, partyId, text })]);
}

/** [SUM4] Only the lead mediator publishes, and only once every party's head approved. */
export function publishSummary(
  state: TalksState,
  { summaryId }: CommandPayloads['summary.publish'],
  actor: Member,
): Decision {
  requireLead(actor, 'publish summaries');
  requirePhase(state, 'summarise');
  const summary = draftSummaryFor(state, summaryId);
  const waiting = state.parties.filter((party) => !summary.approvals.includes(party.id));
  if (waiting.length > 0) {
    throw conflict(`Waiting for the approval of: ${waiting.map((party) => party.name).join(', ')}.`);
  }
  return decision([draft('summary.published', { summaryId: summary.id, text: summary.text })]);
}

/**
 * [SUM5] A mediator revises a summary not yet published: a new version goes to every party's
 * room and asks for approval again; approvals and change requests of earlier versions no
 * longer count.
 */
export function reviseSummary(
  state: TalksState,
  { summaryId, text }: CommandPayloads['summary.revise'],
  actor: Member,
): Decision {
  requireMediator(actor, 'revise summaries');
  requirePhase(state, 'summarise');
  const summary = draftSummaryFor(state, summaryId);
  if (summary.text === text) throw conflict('The revision is the same as the current text.');
  const version = summary.version + 1;
  const proposals = state.parties.map((party) =>
    draft('summary.proposed', { summaryId: summary.id, partyId: party.id, text, version }),
  );
  return decision([draft('summary.revised', { summaryId: summary.id, version, text }), ...proposals], { version });
}

/** [SUM6] A mediator withdraws a summary not yet published; every party's room is told. */
export function withdrawSummary(
  state: TalksState,
  { summaryId }: CommandPayloads['summary.withdraw'],
  actor: Member,
): Decision {
  requireMediator(actor, 'withdraw summaries');
  requirePhase(state, 'summarise');
  const summary = draftSummaryFor(state, summaryId);
  return decision(state.parties.map((party) => draft('summary.withdrawn', { summaryId: summary.id, partyId: party.id })));
}
