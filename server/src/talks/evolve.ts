import type { Actor, MemberId } from '../../../shared/src/index.js';
import { answerKey, currentAnswerOf, isDeciding } from './answers.js';
import type { StoredEvent } from '../log/event-log.js';
import { applyAgreementEvent } from './evolve-agreement.js';
import type { DraftEvent } from './events.js';
import type { TalksState } from './state.js';

/** An event with what evolve needs besides its payload. */
export type FoldableEvent = DraftEvent & { seq: number; at: string; actor: Actor };

/** A stored event read back from the log, viewed as the domain event it is. */
export const asFoldable = (event: StoredEvent): FoldableEvent => event as unknown as FoldableEvent;

/**
 * evolve(state, event) folds one event into the state. It updates the state in place
 * and returns it: a talks with a long history is folded once at load and then one
 * event at a time, and copying every map per event would make that quadratic. Callers
 * own the state they pass (decide never mutates it).
 */
export function evolve(state: TalksState, event: FoldableEvent): TalksState {
  applyEvent(state, event);
  state.seq = event.seq;
  return state;
}

function applyEvent(state: TalksState, event: FoldableEvent): void {
  const { at, actor } = event;
  switch (event.type) {
    case 'talks.opened':
      state.title = event.payload.title;
      state.parties = event.payload.parties;
      state.observerCap = event.payload.observerCap;
      state.phase = event.payload.phase;
      return;
    case 'member.invited': {
      const p = event.payload;
      state.invites[p.inviteId] = {
        id: p.inviteId,
        role: p.role,
        partyId: p.partyId,
        sponsorPartyId: p.sponsorPartyId,
        codeHash: p.codeHash,
        expiresAt: p.expiresAt,
        usedBy: null,
        revoked: false,
        reentryFor: null,
      };
      return;
    }
    case 'member.reentryOffered': {
      const p = event.payload;
      const member = state.members[p.memberId];
      if (!member) return;
      state.invites[p.inviteId] = {
        id: p.inviteId,
        role: member.role,
        partyId: member.partyId,
        sponsorPartyId: member.sponsorPartyId,
        codeHash: p.codeHash,
        expiresAt: p.expiresAt,
        usedBy: null,
        revoked: false,
        reentryFor: member.id,
      };
      return;
    }
    case 'member.reentered': {
      const member = state.members[event.payload.memberId];
      if (member) member.sessionEpoch += 1;
      const invite = state.invites[event.payload.inviteId];
      if (invite) invite.usedBy = event.payload.memberId;
      return;
    }
    case 'session.renewed': {
      const member = state.members[event.payload.memberId];
      if (member) member.sessionFamilies[event.payload.familyId] = event.payload.generation;
      return;
    }
    case 'session.revoked': {
      const member = state.members[event.payload.memberId];
      if (member) member.revokedFamilies[event.payload.familyId] = true;
      return;
    }
    case 'invite.revoked': {
      const invite = state.invites[event.payload.inviteId];
      if (invite) invite.revoked = true;
      return;
    }
    case 'member.joined': {
      const p = event.payload;
      state.members[p.memberId] = {
        id: p.memberId,
        role: p.role,
        partyId: p.partyId,
        sponsorPartyId: p.sponsorPartyId,
        displayName: p.displayName,
        joinedAt: at,
        removed: false,
        sessionEpoch: 0,
        sessionFamilies: {},
        revokedFamilies: {},
      };
      const invite = state.invites[p.inviteId];
      if (invite) invite.usedBy = p.memberId;
      return;
    }
    case 'member.removed': {
      const member = state.members[event.payload.memberId];
      if (member) member.removed = true;
      return;
    }
    case 'phase.changed':
      state.phase = event.payload.to;
      return;
    case 'message.posted':
      return;
    case 'submission.created': {
      const p = event.payload;
      state.submissions[p.submissionId] = {
        id: p.submissionId,
        partyId: p.partyId,
        authorId: actor.id as MemberId,
        text: p.text,
        disclosure: p.disclosure,
        withdrawn: false,
        at,
      };
      return;
    }
    case 'submission.withdrawn': {
      const submission = state.submissions[event.payload.submissionId];
      if (submission) submission.withdrawn = true;
      return;
    }
    case 'conveyance.delivered': {
      const p = event.payload;
      state.conveyances[p.conveyanceId] = {
        id: p.conveyanceId,
        toPartyId: p.toPartyId,
        text: p.text,
        fromPartyId: null,
        submissionId: null,
        responseId: null,
        kind: p.kind ?? 'proposal',
        by: actor.id as MemberId,
        at,
      };
      return;
    }
    case 'conveyance.disclosed': {
      const conveyance = state.conveyances[event.payload.conveyanceId];
      if (conveyance) {
        conveyance.fromPartyId = event.payload.fromPartyId;
        conveyance.submissionId = event.payload.submissionId;
        conveyance.responseId = event.payload.responseId;
      }
      return;
    }
    case 'response.created': {
      const p = event.payload;
      const earlier = currentAnswerOf(state, p.conveyanceId, p.partyId, p.stance);
      if (earlier) earlier.supersededBy = p.responseId;
      if (isDeciding(p.stance)) state.currentAnswers[answerKey(p.conveyanceId, p.partyId)] = p.responseId;
      state.responses[p.responseId] = {
        id: p.responseId,
        conveyanceId: p.conveyanceId,
        partyId: p.partyId,
        authorId: actor.id as MemberId,
        stance: p.stance,
        text: p.text,
        disclosure: p.disclosure,
        at,
        supersededBy: null,
      };
      return;
    }
    case 'summary.drafted':
      state.summaries[event.payload.summaryId] = {
        id: event.payload.summaryId,
        text: event.payload.text,
        approvals: [],
        changeRequests: [],
        status: 'draft',
        version: 1,
        draftedAt: at,
      };
      return;
    case 'summary.proposed':
      return;
    case 'summary.approved': {
      const summary = state.summaries[event.payload.summaryId];
      if (summary && !summary.approvals.includes(event.payload.partyId)) summary.approvals.push(event.payload.partyId);
      return;
    }
    case 'summary.changesRequested': {
      const { summaryId, partyId, text } = event.payload;
      const summary = state.summaries[summaryId];
      if (summary) {
        summary.approvals = summary.approvals.filter((approved) => approved !== partyId);
        summary.changeRequests.push({ partyId, text });
      }
      return;
    }
    case 'summary.published': {
      const summary = state.summaries[event.payload.summaryId];
      if (summary) summary.status = 'published';
      return;
    }
    case 'summary.revised': {
      // [SUM5] A new version: approvals and change requests were of the old one.
      const summary = state.summaries[event.payload.summaryId];
      if (summary) {
        summary.text = event.payload.text;
        summary.version = event.payload.version;
        summary.approvals = [];
        summary.changeRequests = [];
      }
      return;
    }
    case 'summary.withdrawn': {
      const summary = state.summaries[event.payload.summaryId];
      if (summary) summary.status = 'withdrawn';
      return;
    }
    case 'inbox.marked': {
      const { itemId, handled } = event.payload;
      if (handled) state.handled[itemId] = { by: actor.id as MemberId, at };
      else delete state.handled[itemId];
      return;
    }
    default:
      applyAgreementEvent(state.agreement, event);
  }
}
