import { talks, type Scenario, type ScenarioOptions } from '../support/domain.js';
import { accept, agreeEverything, registerHeads, share, signCommand, signedPayload, texts } from './agreement-support.js';

// One talks that goes through every kind of event, made by real commands: the
// given of the visibility tests. Each party's texts carry the party's name so a
// test can tell whose words an event holds.

export interface FullRound {
  s: Scenario;
  submissionId: string;
  conveyanceId: string;
  responseId: string;
  summaryId: string;
}

/** `start` opens the talks (a recording scenario replays the round on real servers: test/cluster). */
export function fullRound(parties = ['A', 'B'], start: (options: ScenarioOptions) => Scenario = talks): FullRound {
  const s = start({ parties, observerCap: 2 }).withEveryone();
  const [a, b] = parties as [string, string];
  const spare = s.invite('spare', 'delegate', a);
  s.run({ type: 'invite.revoke', payload: { inviteId: spare } }, 'lead');
  const reentry = s.run({ type: 'member.offerReentry', payload: { memberId: s.member(`delegate:${a}`).id } }, 'lead');
  s.reenter(`delegate:${a}`, String(reentry.result.code));
  s.renew(`delegate:${a}`, 'family-1', 0);
  s.renew(`delegate:${a}`, 'family-1', 0);
  s.inPhase('pre-negotiation');

  s.run({ type: 'message.post', payload: { audience: 'caucus', text: `caucus of ${a}` } }, `head:${a}`);
  s.run({ type: 'message.post', payload: { audience: 'room', text: `room of ${b}` } }, `delegate:${b}`);
  s.run(
    { type: 'message.post', payload: { audience: 'room', partyId: s.party(a), text: 'from the mediator' } },
    'co',
  );
  s.run({ type: 'message.post', payload: { audience: 'mediation', text: 'between mediators' } }, 'lead');

  const submissionId = String(
    s.run(
      { type: 'submission.create', payload: { text: `position of ${a}`, disclosure: 'conveyable' } },
      `delegate:${a}`,
    ).result.submissionId,
  );
  const secret = String(
    s.run(
      { type: 'submission.create', payload: { text: `secret of ${a}`, disclosure: 'mediator-only' } },
      `head:${a}`,
    ).result.submissionId,
  );
  s.run({ type: 'submission.withdraw', payload: { submissionId: secret } }, `head:${a}`);

  const conveyanceId = String(
    s.run(
      { type: 'conveyance.create', payload: { toPartyId: s.party(b), text: `reworded ${a}`, submissionId } },
      'lead',
    ).result.conveyanceId,
  );
  const responseId = String(
    s.run(
      {
        type: 'response.create',
        payload: { conveyanceId, stance: 'counter', text: `counter of ${b}`, disclosure: 'verbatim' },
      },
      `head:${b}`,
    ).result.responseId,
  );
  s.run(
    { type: 'conveyance.create', payload: { toPartyId: s.party(a), text: `counter of ${b}`, responseId } },
    'co',
  );
  s.run({ type: 'conveyance.create', payload: { toPartyId: s.party(b), text: 'a bridging idea' } }, 'lead');

  const summaryId = String(
    s.run({ type: 'summary.draft', payload: { text: 'the summary' } }, 'co').result.summaryId,
  );
  s.run({ type: 'summary.requestChanges', payload: { summaryId, text: `changes of ${a}` } }, `head:${a}`);
  s.run({ type: 'summary.revise', payload: { summaryId, text: 'the summary, revised' } }, 'co');
  for (const party of parties) s.run({ type: 'summary.approve', payload: { summaryId } }, `head:${party}`);
  s.run({ type: 'summary.publish', payload: { summaryId } }, 'lead');
  const dropped = String(s.run({ type: 'summary.draft', payload: { text: 'a draft to drop' } }, 'lead').result.summaryId);
  s.run({ type: 'summary.withdraw', payload: { summaryId: dropped } }, 'lead');
  s.run({ type: 'inbox.mark', payload: { submissionId, handled: true } }, 'co');

  s.inPhase('negotiation');
  s.run({ type: 'message.post', payload: { audience: 'joint', text: `joint from ${a}` } }, `head:${a}`);
  s.withMember('delegate', b, 'leaver');
  s.run({ type: 'member.remove', payload: { memberId: s.member('leaver').id } }, 'lead');
  agreementRound(s, parties, submissionId);
  return { s, submissionId, conveyanceId, responseId, summaryId };
}

/** The road to a signed agreement, in the negotiation phase: every event of the agreement. */
function agreementRound(s: Scenario, parties: string[], submissionId: string): void {
  const itemId = String(s.run({ type: 'agenda.add', payload: { title: 'Withdrawal' } }, 'lead').result.itemId);
  s.run({ type: 'agenda.update', payload: { itemId, description: 'Lines and timing.' } }, 'co');
  s.run({ type: 'agenda.link', payload: { itemId, submissionId } }, 'lead');
  const clauseId = String(
    s.run(
      {
        type: 'text.draftClause',
        payload: {
          agendaItemIds: [itemId],
          texts: texts('Forces withdraw.', 'Сили відводяться.'),
          alternatives: [
            { label: 'A', texts: texts('Forces withdraw within 60 days.', 'Сили відводяться протягом 60 днів.') },
            { label: 'B', texts: texts('Forces withdraw within 120 days.', 'Сили відводяться протягом 120 днів.') },
          ],
        },
      },
      'co',
    ).result.clauseId,
  );
  s.run({ type: 'text.setAuthentic', payload: { language: 'uk' } }, 'lead');
  s.run(
    { type: 'glossary.define', payload: { term: texts('forces', 'сили'), definition: texts('Armed units.', 'Збройні підрозділи.') } },
    'lead',
  );
  const first = share(s);
  for (const party of parties) {
    s.run(
      { type: 'text.comment', payload: { version: first, clauseId, text: `comment of ${party}`, objects: true } },
      `delegate:${party}`,
    );
  }
  agreeEverything(s);
  const itemEarly = String(s.run({ type: 'agenda.add', payload: { title: 'Humanitarian access' } }, 'lead').result.itemId);
  s.run({ type: 'item.proposeEarly', payload: { itemId: itemEarly } }, 'lead');
  for (const party of parties) s.run({ type: 'item.consentEarly', payload: { itemId: itemEarly } }, `head:${party}`);
  const final = share(s);
  for (const party of parties) {
    s.run({ type: 'package.mark', payload: { version: final, clauseId, canLiveWith: true } }, `head:${party}`);
    s.run(accept(final), `head:${party}`);
  }
  const signers = registerHeads(s);
  for (const party of parties) {
    s.run(signCommand(final, signers[party]?.sign(signedPayload(s, party)) ?? ''), `head:${party}`);
  }
}
