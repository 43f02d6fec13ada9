import type { Command } from '../../../shared/src/index.js';
import type { DecideContext } from './context.js';
import type { Decision } from './decision.js';
import type { DomainError} from './domain-error.js';
import { isDomainError } from './domain-error.js';
import type { Member, TalksState } from './state.js';
import { changePhase } from './rules/phase.js';
import { inviteMember, offerReentry, removeMember, revokeInvite } from './rules/membership.js';
import { postMessage } from './rules/messages.js';
import { conveyProposal, createSubmission, respondToConveyance, withdrawSubmission } from './rules/shuttle.js';
import {
  approveSummary,
  draftSummary,
  publishSummary,
  requestSummaryChanges,
  reviseSummary,
  withdrawSummary,
} from './rules/summaries.js';
import { markInboxItem } from './rules/inbox.js';
import { forbidden } from './rules/guards.js';
import { addAgendaItem, linkAgendaItem, updateAgendaItem } from './rules/agenda.js';
import { commentOnClause, draftClause, setClauseState, shareVersion } from './rules/negotiating-text.js';
import { defineTerm, setAuthenticLanguage, setTermState } from './rules/glossary.js';
import { acceptPackage, consentEarly, markClause, proposeEarly } from './rules/package.js';
import { registerKey, signAgreement } from './rules/signatures.js';

/**
 * decide(state, command, actor) → the events the command produces, or the DomainError
 * that refuses it. Pure: the world comes in through ctx. Read-only commands
 * (talks.get, audit.read) are answered by the service and decide only who may use them.
 */
export function decide(state: TalksState, command: Command, actor: Member, ctx: DecideContext): Decision | DomainError {
  try {
    if (actor.removed) throw forbidden('You are no longer a member of this talks.');
    return decideOrThrow(state, command, actor, ctx);
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}

function decideOrThrow(state: TalksState, command: Command, actor: Member, ctx: DecideContext): Decision {
  switch (command.type) {
    case 'member.invite':
      return inviteMember(state, command.payload, actor, ctx);
    case 'invite.revoke':
      return revokeInvite(state, command.payload, actor);
    case 'member.remove':
      return removeMember(state, command.payload, actor);
    case 'member.offerReentry':
      return offerReentry(state, command.payload, actor, ctx);
    case 'phase.change':
      return changePhase(state, command.payload, actor);
    case 'message.post':
      return postMessage(state, command.payload, actor, ctx);
    case 'submission.create':
      return createSubmission(state, command.payload, actor, ctx);
    case 'submission.withdraw':
      return withdrawSubmission(state, command.payload, actor);
    case 'conveyance.create':
      return conveyProposal(state, command.payload, actor, ctx);
    case 'response.create':
      return respondToConveyance(state, command.payload, actor, ctx);
    case 'summary.draft':
      return draftSummary(state, command.payload, actor, ctx);
    case 'summary.approve':
      return approveSummary(state, command.payload, actor);
    case 'summary.requestChanges':
      return requestSummaryChanges(state, command.payload, actor);
    case 'summary.publish':
      return publishSummary(state, command.payload, actor);
    case 'summary.revise':
      return reviseSummary(state, command.payload, actor);
    case 'summary.withdraw':
      return withdrawSummary(state, command.payload, actor);
    case 'inbox.mark':
      return markInboxItem(state, command.payload, actor);
    case 'agenda.add':
      return addAgendaItem(state, command.payload, actor, ctx);
    case 'agenda.update':
      return updateAgendaItem(state, command.payload, actor);
    case 'agenda.link':
      return linkAgendaItem(state, command.payload, actor);
    case 'text.draftClause':
      return draftClause(state, command.payload, actor, ctx);
    case 'text.setClauseState':
      return setClauseState(state, command.payload, actor);
    case 'text.setAuthentic':
      return setAuthenticLanguage(state, command.payload, actor);
    case 'text.shareVersion':
      return shareVersion(state, command.payload, actor);
    case 'text.comment':
      return commentOnClause(state, command.payload, actor, ctx);
    case 'glossary.define':
      return defineTerm(state, command.payload, actor, ctx);
    case 'glossary.setState':
      return setTermState(state, command.payload, actor);
    case 'package.mark':
      return markClause(state, command.payload, actor);
    case 'package.accept':
      return acceptPackage(state, command.payload, actor);
    case 'item.proposeEarly':
      return proposeEarly(state, command.payload, actor);
    case 'item.consentEarly':
      return consentEarly(state, command.payload, actor);
    case 'member.registerKey':
      return registerKey(state, command.payload, actor);
    case 'agreement.sign':
      return signAgreement(state, command.payload, actor);
    case 'talks.get':
      return { events: [], result: {} };
    case 'audit.read':
      if (actor.role !== 'lead-mediator') throw forbidden('Only the lead mediator may read the audit log.');
      return { events: [], result: {} };
  }
}
