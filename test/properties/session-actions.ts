import { randomUUID } from 'node:crypto';
import type { CommandPayloads } from '../../shared/src/index.js';
import { isAgreementAction, performAgreement } from './agreement-actions.js';
import { ALL, at, choose, DELEGATION, HEADS, LEAD, MEDIATORS, partyOf, REMOVABLE } from './cast-picks.js';
import type { Session } from './session.js';
import type { Action, Pick } from './session-plan.js';

// Turns a planned action into commands against the session's current state: members and
// targets are chosen modulo the candidates, so any plan runs whatever ids the server makes.

/** Another party than this seat's own (or any party, for those who have none). */
function otherParty(session: Session, seat: number, choice: number): string {
  const own = partyOf(seat);
  const index = own === null ? choice % 3 : (own + 1 + (choice % 2)) % 3;
  return session.parties[index] ?? '';
}

function postPayload(session: Session, seat: number, action: Extract<Action, { kind: 'post' }>): CommandPayloads['message.post'] {
  const text = session.text(seat);
  const own = partyOf(seat);
  const { channel, party, to } = action;
  const named = (partyId: string | undefined) => ({ audience: channel, text, ...(partyId ? { partyId } : {}) });
  if (channel === 'mediation' || channel === 'joint') return named(undefined);
  const mediator = MEDIATORS.includes(seat);
  if (channel === 'room' && mediator) return named(party === 'own' ? undefined : session.parties[to % 3]);
  if (party === 'none') return named(undefined);
  if (party === 'own') return named(session.parties[own ?? to % 3]);
  return named(otherParty(session, seat, to));
}

async function convey(session: Session, action: Extract<Action, { kind: 'convey' }>): Promise<void> {
  const seat = choose(session, action.actor, MEDIATORS);
  const { oracle } = session;
  const sources =
    action.source === 'submission' ? [...oracle.submissions.values()] : action.source === 'response' ? [...oracle.responses.values()] : [];
  const source = at(sources, action.target.index);
  const sourceParty = source ? session.parties.indexOf(source.partyId) : -1;
  const toIndex =
    action.target.fit && sourceParty >= 0 ? (sourceParty + 1 + (action.to % 2)) % 3 : action.to % 3;
  const toPartyId = session.parties[toIndex] ?? '';
  const wording = action.wording;
  const text =
    source && wording === 'exact'
      ? source.text
      : source && wording === 'amended'
        ? `${source.text} ${session.text(seat, 'as the mediator puts it')}`
        : session.text(seat, 'a bridging proposal');
  const cites = !source ? {} : action.source === 'submission' ? { submissionId: source.id } : { responseId: source.id };
  const kind = action.as === null ? {} : { kind: action.as };
  await session.exec(seat, { type: 'conveyance.create', payload: { toPartyId, text, ...cites, ...kind } });
}

/** A summary: the latest one when the pick fits, else any (or one that does not exist). */
function summaryId(session: Session, pick: Pick): string {
  const ids = [...session.oracle.summaries.keys()];
  if (ids.length === 0) return randomUUID();
  return (pick.fit ? ids[ids.length - 1] : at(ids, pick.index)) ?? randomUUID();
}

/** A summary action that fits but finds no summary yet starts one instead: a mediator drafts. */
function needsDraft(session: Session, action: Action): boolean {
  switch (action.kind) {
    case 'approve':
    case 'approveAll':
    case 'requestChanges':
    case 'publish':
    case 'revise':
    case 'withdrawSummary':
      return action.target.fit && session.oracle.summaries.size === 0;
    default:
      return false;
  }
}

export async function perform(session: Session, action: Action): Promise<void> {
  const { oracle } = session;
  if (isAgreementAction(action)) return performAgreement(session, action);
  if (needsDraft(session, action)) return perform(session, { kind: 'draft', actor: { fit: true, index: 0 } });
  switch (action.kind) {
    case 'post': {
      const fit = action.channel === 'caucus' ? DELEGATION : action.channel === 'mediation' ? MEDIATORS : [...MEDIATORS, ...DELEGATION];
      const seat = choose(session, action.actor, fit);
      return session.exec(seat, { type: 'message.post', payload: postPayload(session, seat, action) });
    }
    case 'submit': {
      const seat = choose(session, action.actor, DELEGATION);
      return session.exec(seat, { type: 'submission.create', payload: { text: session.text(seat), disclosure: action.disclosure } });
    }
    case 'withdraw': {
      const holders = DELEGATION.filter((seat) =>
        [...oracle.submissions.values()].some((submission) => !submission.withdrawn && submission.partyId === session.parties[partyOf(seat) ?? -1]),
      );
      const seat = choose(session, action.actor, holders.length > 0 ? holders : DELEGATION);
      const own = session.parties[partyOf(seat) ?? -1];
      const all = [...oracle.submissions.values()];
      const mine = all.filter((submission) => submission.partyId === own);
      const target = at(action.target.fit && mine.length > 0 ? mine : all, action.target.index);
      return session.exec(seat, { type: 'submission.withdraw', payload: { submissionId: target?.id ?? randomUUID() } });
    }
    case 'convey':
      return convey(session, action);
    case 'respond': {
      const receivers = DELEGATION.filter((seat) =>
        [...oracle.conveyances.values()].some((conveyance) => conveyance.toPartyId === session.parties[partyOf(seat) ?? -1]),
      );
      const seat = choose(session, action.actor, receivers.length > 0 ? receivers : DELEGATION);
      const own = session.parties[partyOf(seat) ?? -1];
      const all = [...oracle.conveyances.entries()];
      const mine = all.filter(([, conveyance]) => conveyance.toPartyId === own);
      const target = at(action.target.fit && mine.length > 0 ? mine : all, action.target.index);
      const { stance, disclosure } = action;
      const payload = { conveyanceId: target?.[0] ?? randomUUID(), stance, disclosure, text: session.text(seat) };
      return session.exec(seat, { type: 'response.create', payload });
    }
    case 'draft': {
      const seat = choose(session, action.actor, MEDIATORS);
      return session.exec(seat, { type: 'summary.draft', payload: { text: session.text(seat, 'the parties met') } });
    }
    case 'approve':
      return session.exec(choose(session, action.actor, HEADS), {
        type: 'summary.approve',
        payload: { summaryId: summaryId(session, action.target) },
      });
    case 'approveAll': {
      const id = summaryId(session, action.target);
      for (const seat of HEADS) await session.exec(seat, { type: 'summary.approve', payload: { summaryId: id } });
      return;
    }
    case 'summaryRound': {
      // The whole path to the gallery: a mediator drafts, every head approves, the lead publishes.
      const drafter = choose(session, action.drafter, MEDIATORS);
      await session.exec(drafter, { type: 'summary.draft', payload: { text: session.text(drafter, 'the parties agreed to meet') } });
      const latest = { fit: true, index: 0 };
      for (const seat of HEADS) await session.exec(seat, { type: 'summary.approve', payload: { summaryId: summaryId(session, latest) } });
      return session.exec(0, { type: 'summary.publish', payload: { summaryId: summaryId(session, latest) } });
    }
    case 'requestChanges': {
      const seat = choose(session, action.actor, HEADS);
      const payload = { summaryId: summaryId(session, action.target), text: session.text(seat, 'please say more') };
      return session.exec(seat, { type: 'summary.requestChanges', payload });
    }
    case 'publish':
      return session.exec(choose(session, action.actor, LEAD), {
        type: 'summary.publish',
        payload: { summaryId: summaryId(session, action.target) },
      });
    case 'revise': {
      // [SUM5] A new version of a summary: every head is asked again.
      const seat = choose(session, action.actor, MEDIATORS);
      const payload = { summaryId: summaryId(session, action.target), text: session.text(seat, 'revised after the parties asked') };
      return session.exec(seat, { type: 'summary.revise', payload });
    }
    case 'withdrawSummary':
      return session.exec(choose(session, action.actor, MEDIATORS), {
        type: 'summary.withdraw',
        payload: { summaryId: summaryId(session, action.target) },
      });
    case 'markInbox': {
      // [INB1] The mediators' bookkeeping: a known item when the pick fits, else an unknown one.
      const items = action.source === 'submission' ? [...oracle.submissions.keys()] : [...oracle.responses.keys()];
      const itemId = (action.target.fit ? at(items, action.target.index) : undefined) ?? randomUUID();
      const ids = action.source === 'submission' ? { submissionId: itemId } : { responseId: itemId };
      return session.exec(choose(session, action.actor, MEDIATORS), {
        type: 'inbox.mark',
        payload: { ...ids, handled: action.handled },
      });
    }
    case 'phase':
      return session.exec(choose(session, action.actor, LEAD), { type: 'phase.change', payload: { to: action.to } });
    case 'remove': {
      const target = session.linkAt(at(REMOVABLE, action.target) ?? 1);
      return session.exec(choose(session, action.actor, LEAD), { type: 'member.remove', payload: { memberId: target.memberId } });
    }
    case 'disconnect':
      session.linkAt(action.who).disconnect();
      return;
    case 'resume': {
      const link = session.linkAt(action.who);
      return link.removed ? link.expectRefused() : link.resume();
    }
    case 'read':
      return session.exec(choose(session, action.actor, action.what === 'audit.read' ? LEAD : ALL), {
        type: action.what,
        payload: {},
      });
    case 'lateJoin':
      return session.lateJoin(action.party % 3);
    case 'probe': {
      const link = session.linkAt(action.who);
      if (link.removed) return link.expectRefused();
      if (!link.client) await link.resume();
      return link.probe(session.allAudiences(), action.limit);
    }
    case 'outsider':
      return session.outsiderTries(action.what, action.type);
  }
}
