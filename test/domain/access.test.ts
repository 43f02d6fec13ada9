import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, FIXED_MESSAGES, type Command, type ErrorBody } from '../../shared/src/index.js';
import { talks } from '../support/domain.js';

// Refusals must not tell a caller anything it may not read. [ERR3] NOT_FOUND reads the
// same for an absent and a hidden thing; the role is checked before any target is
// looked up, and the phase (public to every member) before the target too.

const NOWHERE = '00000000-0000-4000-8000-0000000fffff';

/** A talks with one of everything, in pre-negotiation. */
function busy() {
  const s = talks().withEveryone();
  const inviteId = s.invite('pending', 'delegate', 'B');
  s.inPhase('pre-negotiation');
  const submissionId = String(
    s.run(
      { type: 'submission.create', payload: { text: 'Ninety days.', disclosure: 'conveyable' } },
      'delegate:A',
    ).result.submissionId,
  );
  const conveyanceId = String(
    s.run(
      { type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'A could live with ninety days.', submissionId } },
      'lead',
    ).result.conveyanceId,
  );
  const summaryId = String(
    s.run({ type: 'summary.draft', payload: { text: 'So far.' } }, 'co').result.summaryId,
  );
  return { s, inviteId, submissionId, conveyanceId, summaryId };
}

const bodyOf = (outcome: { error: { toBody(): ErrorBody } }): ErrorBody => outcome.error.toBody();

describe('[ERR3] NOT_FOUND is one answer for absent and hidden things', () => {
  it('[ERR3] every NOT_FOUND carries the same code and the same message', () => {
    const { s, submissionId, conveyanceId } = busy();
    const bodies = [
      s.when({ type: 'submission.withdraw', payload: { submissionId } }, 'head:B'),
      s.when({ type: 'submission.withdraw', payload: { submissionId: NOWHERE } }, 'head:B'),
      s.when(
        {
          type: 'response.create',
          payload: { conveyanceId, stance: 'counter', text: 'x', disclosure: 'verbatim' },
        },
        'head:A',
      ),
      s.when(
        {
          type: 'response.create',
          payload: { conveyanceId: NOWHERE, stance: 'counter', text: 'x', disclosure: 'verbatim' },
        },
        'head:B',
      ),
      s.when({ type: 'summary.approve', payload: { summaryId: NOWHERE } }, 'head:A'),
      s.when({ type: 'summary.requestChanges', payload: { summaryId: NOWHERE, text: 'x' } }, 'head:A'),
      s.when({ type: 'summary.publish', payload: { summaryId: NOWHERE } }, 'lead'),
      s.when({ type: 'invite.revoke', payload: { inviteId: NOWHERE } }, 'lead'),
      s.when({ type: 'member.remove', payload: { memberId: NOWHERE } }, 'lead'),
      s.when(
        { type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'x', submissionId: NOWHERE } },
        'lead',
      ),
      s.when(
        { type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'x', responseId: NOWHERE } },
        'co',
      ),
    ].map(bodyOf);
    for (const body of bodies) expect(body).toEqual({ code: 'NOT_FOUND', message: FIXED_MESSAGES.NOT_FOUND });
  });
});

describe('[ERR3] the role is checked before the target, so a refusal reveals no existence', () => {
  const pairs: {
    what: string;
    actor: string;
    existing: (f: ReturnType<typeof busy>) => Command;
    absent: Command;
  }[] = [
    {
      what: 'an observer approving a summary',
      actor: 'observer:A',
      existing: (f) => ({ type: 'summary.approve', payload: { summaryId: f.summaryId } }),
      absent: { type: 'summary.approve', payload: { summaryId: NOWHERE } },
    },
    {
      what: 'a delegate asking for changes to a summary',
      actor: 'delegate:A',
      existing: (f) => ({ type: 'summary.requestChanges', payload: { summaryId: f.summaryId, text: 'x' } }),
      absent: { type: 'summary.requestChanges', payload: { summaryId: NOWHERE, text: 'x' } },
    },
    {
      what: 'a co-mediator publishing a summary',
      actor: 'co',
      existing: (f) => ({ type: 'summary.publish', payload: { summaryId: f.summaryId } }),
      absent: { type: 'summary.publish', payload: { summaryId: NOWHERE } },
    },
    {
      what: 'a delegate accepting a conveyance (its own party’s, another’s or none)',
      actor: 'delegate:A',
      existing: (f) => ({
        type: 'response.create',
        payload: { conveyanceId: f.conveyanceId, stance: 'accept', text: 'x', disclosure: 'verbatim' },
      }),
      absent: {
        type: 'response.create',
        payload: { conveyanceId: NOWHERE, stance: 'accept', text: 'x', disclosure: 'verbatim' },
      },
    },
    {
      what: 'a mediator withdrawing a submission',
      actor: 'lead',
      existing: (f) => ({ type: 'submission.withdraw', payload: { submissionId: f.submissionId } }),
      absent: { type: 'submission.withdraw', payload: { submissionId: NOWHERE } },
    },
    {
      what: 'an observer conveying a submission',
      actor: 'observer:A',
      existing: (f) => ({
        type: 'conveyance.create',
        payload: { toPartyId: f.s.party('B'), text: 'x', submissionId: f.submissionId },
      }),
      absent: {
        type: 'conveyance.create',
        payload: { toPartyId: NOWHERE, text: 'x', submissionId: NOWHERE },
      },
    },
    {
      what: 'a co-mediator revoking an invite',
      actor: 'co',
      existing: (f) => ({ type: 'invite.revoke', payload: { inviteId: f.inviteId } }),
      absent: { type: 'invite.revoke', payload: { inviteId: NOWHERE } },
    },
    {
      what: 'a head removing a member',
      actor: 'head:A',
      existing: (f) => ({ type: 'member.remove', payload: { memberId: f.s.member('delegate:B').id } }),
      absent: { type: 'member.remove', payload: { memberId: NOWHERE } },
    },
  ];

  for (const pair of pairs) {
    it(`[ERR3] ${pair.what} gets the same FORBIDDEN whether or not the target exists`, () => {
      const f = busy();
      const existing = bodyOf(f.s.when(pair.existing(f), pair.actor));
      const absent = bodyOf(f.s.when(pair.absent, pair.actor));
      expect(existing.code).toBe('FORBIDDEN');
      expect(absent).toEqual(existing);
    });
  }

  it('[ERR3] the phase is checked before the target: out of phase, an existing and an absent conveyance read the same', () => {
    const f = busy();
    f.s.inPhase('preparation');
    const answer = (conveyanceId: string) =>
      bodyOf(
        f.s.when(
          {
            type: 'response.create',
            payload: { conveyanceId, stance: 'counter', text: 'x', disclosure: 'verbatim' },
          },
          'head:B',
        ),
      );
    expect(answer(f.conveyanceId).code).toBe('PHASE');
    expect(answer(NOWHERE)).toEqual(answer(f.conveyanceId));
  });
});

describe('[MB5] a removed member is refused every command', () => {
  it('[MB5] every command type by a removed member is FORBIDDEN, before anything else is looked at', () => {
    const f = busy();
    f.s.run({ type: 'member.remove', payload: { memberId: f.s.member('head:A').id } }, 'lead');
    const commands: Record<(typeof COMMAND_TYPES)[number], Command> = {
      'talks.get': { type: 'talks.get', payload: {} },
      'member.invite': { type: 'member.invite', payload: { role: 'delegate', partyId: f.s.party('A') } },
      'invite.revoke': { type: 'invite.revoke', payload: { inviteId: f.inviteId } },
      'member.remove': { type: 'member.remove', payload: { memberId: NOWHERE } },
      'member.offerReentry': { type: 'member.offerReentry', payload: { memberId: NOWHERE } },
      'phase.change': { type: 'phase.change', payload: { to: 'negotiation' } },
      'message.post': { type: 'message.post', payload: { audience: 'caucus', text: 'x' } },
      'submission.create': { type: 'submission.create', payload: { text: 'x', disclosure: 'verbatim' } },
      'submission.withdraw': { type: 'submission.withdraw', payload: { submissionId: f.submissionId } },
      'conveyance.create': { type: 'conveyance.create', payload: { toPartyId: f.s.party('B'), text: 'x' } },
      'response.create': {
        type: 'response.create',
        payload: { conveyanceId: NOWHERE, stance: 'accept', text: 'x', disclosure: 'verbatim' },
      },
      'summary.draft': { type: 'summary.draft', payload: { text: 'x' } },
      'summary.approve': { type: 'summary.approve', payload: { summaryId: f.summaryId } },
      'summary.requestChanges': {
        type: 'summary.requestChanges',
        payload: { summaryId: f.summaryId, text: 'x' },
      },
      'summary.publish': { type: 'summary.publish', payload: { summaryId: f.summaryId } },
      'summary.revise': { type: 'summary.revise', payload: { summaryId: f.summaryId, text: 'y' } },
      'summary.withdraw': { type: 'summary.withdraw', payload: { summaryId: f.summaryId } },
      'inbox.mark': { type: 'inbox.mark', payload: { submissionId: f.submissionId, handled: true } },
      'audit.read': { type: 'audit.read', payload: {} },
      'agenda.add': { type: 'agenda.add', payload: { title: 'x' } },
      'agenda.update': { type: 'agenda.update', payload: { itemId: NOWHERE, title: 'x' } },
      'agenda.link': { type: 'agenda.link', payload: { itemId: NOWHERE, submissionId: f.submissionId } },
      'text.draftClause': { type: 'text.draftClause', payload: { agendaItemIds: [], texts: { en: 'x' } } },
      'text.setClauseState': { type: 'text.setClauseState', payload: { clauseId: NOWHERE, state: 'agreed' } },
      'text.setAuthentic': { type: 'text.setAuthentic', payload: { language: 'uk' } },
      'text.shareVersion': { type: 'text.shareVersion', payload: {} },
      'text.comment': { type: 'text.comment', payload: { version: 1, clauseId: NOWHERE, text: 'x', objects: true } },
      'glossary.define': { type: 'glossary.define', payload: { term: { en: 'x' }, definition: {} } },
      'glossary.setState': { type: 'glossary.setState', payload: { termId: NOWHERE, state: 'agreed' } },
      'package.mark': { type: 'package.mark', payload: { version: 1, clauseId: NOWHERE, canLiveWith: true } },
      'package.accept': { type: 'package.accept', payload: { version: 1 } },
      'item.proposeEarly': { type: 'item.proposeEarly', payload: { itemId: NOWHERE } },
      'item.consentEarly': { type: 'item.consentEarly', payload: { itemId: NOWHERE } },
      'member.registerKey': {
        type: 'member.registerKey',
        payload: { jwk: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) } },
      },
      'agreement.sign': { type: 'agreement.sign', payload: { version: 1, jws: 'a.b.c' } },
    };
    for (const type of COMMAND_TYPES) f.s.when(commands[type], 'head:A').thenError('FORBIDDEN');
  });
});

describe('[AUD3] reading the audit log', () => {
  it('[AUD3] the lead mediator may read the audit log; nobody else may', () => {
    const { s } = busy();
    s.when({ type: 'audit.read', payload: {} }, 'lead').thenOk().thenTypes();
    for (const who of ['co', 'head:A', 'delegate:B', 'observer:A']) {
      s.when({ type: 'audit.read', payload: { limit: 10 } }, who).thenError('FORBIDDEN');
    }
  });
});
