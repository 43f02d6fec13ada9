import { describe, it } from 'vitest';
import type { Command, Disclosure } from '../../shared/src/index.js';
import { talks, type Scenario } from '../support/domain.js';

// A conveyance that cites a party's content is checked against the disclosure that
// party chose: [DIS1] mediator-only never, [DIS2] [DIS5] conveyable in the mediator's words only,
// [DIS3] verbatim word for word only, [DIS4] withdrawn never.

const ORIGINAL = 'We can withdraw from the ridge within ninety days.';

function withSubmission(disclosure: Disclosure) {
  const s = talks().withEveryone().inPhase('pre-negotiation');
  const submissionId = String(
    s.run({ type: 'submission.create', payload: { text: ORIGINAL, disclosure } }, 'delegate:A').result
      .submissionId,
  );
  return { s, submissionId };
}

const convey = (
  s: Scenario,
  text: string,
  source: { submissionId?: string; responseId?: string } = {},
): Command => ({
  type: 'conveyance.create',
  payload: { toPartyId: s.party('B'), text, ...source },
});

describe('[DIS1] mediator-only content is never conveyed', () => {
  it('[DIS1] a conveyance citing a mediator-only submission fails with DISCLOSURE, reworded or verbatim', () => {
    const { s, submissionId } = withSubmission('mediator-only');
    for (const who of ['lead', 'co']) {
      s.when(convey(s, 'They might leave the ridge.', { submissionId }), who).thenError('DISCLOSURE');
      s.when(convey(s, ORIGINAL, { submissionId }), who).thenError('DISCLOSURE');
    }
  });

  it('[DIS1] a conveyance citing a mediator-only response fails with DISCLOSURE', () => {
    const s = talks().withEveryone().inPhase('pre-negotiation');
    const conveyanceId = String(
      s.run({ type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'Ninety days?' } }, 'lead')
        .result.conveyanceId,
    );
    const responseId = String(
      s.run(
        {
          type: 'response.create',
          payload: { conveyanceId, stance: 'counter', text: 'Sixty, at most.', disclosure: 'mediator-only' },
        },
        'head:B',
      ).result.responseId,
    );
    s.when(
      {
        type: 'conveyance.create',
        payload: { toPartyId: s.party('A'), text: 'Sixty, at most.', responseId },
      },
      'lead',
    ).thenError('DISCLOSURE');
  });
});

describe('[DIS2] conveyable content may be reworded', () => {
  it('[DIS2] a conveyable submission is conveyed in the mediator’s own words', () => {
    const { s, submissionId } = withSubmission('conveyable');
    s.when(
      convey(s, 'A signals flexibility on the ridge, within a season.', { submissionId }),
      'co',
    ).thenOk();
  });

});

describe('[DIS3] verbatim content travels only word for word', () => {
  it('[DIS3] a verbatim submission conveyed with its exact text is delivered', () => {
    const { s, submissionId } = withSubmission('verbatim');
    s.when(convey(s, ORIGINAL, { submissionId }), 'lead').thenOk();
  });

  it('[DIS3] a verbatim submission conveyed with any change fails with DISCLOSURE', () => {
    const { s, submissionId } = withSubmission('verbatim');
    for (const changed of [
      'We can withdraw from the ridge within sixty days.',
      ORIGINAL.toLowerCase(),
      `${ORIGINAL} `,
      ORIGINAL.slice(0, -1),
      'They will leave the ridge.',
    ]) {
      s.when(convey(s, changed, { submissionId }), 'lead').thenError('DISCLOSURE');
    }
  });

  it('[DIS3] a verbatim response conveyed with a changed text fails with DISCLOSURE, and with its exact text succeeds', () => {
    const s = talks().withEveryone().inPhase('pre-negotiation');
    const conveyanceId = String(
      s.run({ type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'Ninety days?' } }, 'lead')
        .result.conveyanceId,
    );
    const responseId = String(
      s.run(
        {
          type: 'response.create',
          payload: { conveyanceId, stance: 'counter', text: 'Sixty days.', disclosure: 'verbatim' },
        },
        'delegate:B',
      ).result.responseId,
    );
    const back = (text: string): Command => ({
      type: 'conveyance.create',
      payload: { toPartyId: s.party('A'), text, responseId },
    });
    s.when(back('About two months.'), 'lead').thenError('DISCLOSURE');
    s.when(back('Sixty days.'), 'lead').thenOk();
  });
});

describe('[DIS4] withdrawn content is never conveyed', () => {
  it('[DIS4] a withdrawn submission fails with DISCLOSURE whatever its disclosure and wording', () => {
    for (const disclosure of ['conveyable', 'verbatim'] as const) {
      const { s, submissionId } = withSubmission(disclosure);
      s.run({ type: 'submission.withdraw', payload: { submissionId } }, 'head:A');
      s.when(convey(s, ORIGINAL, { submissionId }), 'lead').thenError('DISCLOSURE');
      s.when(convey(s, 'Something about the ridge.', { submissionId }), 'co').thenError('DISCLOSURE');
    }
  });

  it('[DIS4] what was conveyed before the withdrawal stays conveyed; only later conveyances are refused', () => {
    const { s, submissionId } = withSubmission('conveyable');
    s.run(convey(s, 'A may leave the ridge.', { submissionId }), 'lead');
    s.run({ type: 'submission.withdraw', payload: { submissionId } }, 'delegate:A');
    s.when(convey(s, 'A may leave the ridge.', { submissionId }), 'lead').thenError('DISCLOSURE');
  });
});

describe('[DIS5] conveyable content is never conveyed as the party’s own words', () => {
  it('[DIS5] a conveyable submission conveyed with its exact text fails with DISCLOSURE', () => {
    const { s, submissionId } = withSubmission('conveyable');
    s.when(convey(s, ORIGINAL, { submissionId }), 'lead').thenError('DISCLOSURE', /own words/);
  });

  it('[DIS5] changing only case, spaces or punctuation does not make it the mediator’s words', () => {
    const { s, submissionId } = withSubmission('conveyable');
    for (const copy of [
      ORIGINAL.toUpperCase(),
      `  ${ORIGINAL.replace(/ /g, '\n  ')} `,
      ORIGINAL.replace(/[.,]/g, ''),
      '«We can withdraw — from the ridge, within ninety days»!',
    ]) {
      s.when(convey(s, copy, { submissionId }), 'co').thenError('DISCLOSURE');
    }
  });

  it('[DIS5] the same holds for Ukrainian and Russian text', () => {
    const s = talks().withEveryone().inPhase('pre-negotiation');
    for (const [text, copy] of [
      ['Ми можемо відвести війська з хребта за дев’яносто днів.', 'МИ МОЖЕМО ВІДВЕСТИ ВІЙСЬКА З ХРЕБТА ЗА ДЕВ’ЯНОСТО ДНІВ'],
      ['Мы можем отвести войска с хребта за девяносто дней.', 'мы  можем отвести войска, с хребта за девяносто дней!'],
    ] as const) {
      const submissionId = s
        .run({ type: 'submission.create', payload: { text, disclosure: 'conveyable' } }, 'head:A')
        .result.submissionId as string;
      s.when(convey(s, copy, { submissionId }), 'lead').thenError('DISCLOSURE');
      s.when(convey(s, 'Сторона А готова обговорити строки відведення.', { submissionId }), 'lead').thenOk();
    }
  });

  it('[DIS5] a conveyable response conveyed with its exact text fails with DISCLOSURE', () => {
    const s = talks().withEveryone().inPhase('pre-negotiation');
    const conveyanceId = s
      .run({ type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'Ninety days?' } }, 'lead')
      .result.conveyanceId as string;
    const responseId = s
      .run(
        {
          type: 'response.create',
          payload: { conveyanceId, stance: 'counter', text: 'Sixty days, with monitors.', disclosure: 'conveyable' },
        },
        'head:B',
      )
      .result.responseId as string;
    const back = (text: string): Command => ({
      type: 'conveyance.create',
      payload: { toPartyId: s.party('A'), text, responseId },
    });
    s.when(back('sixty days with monitors'), 'lead').thenError('DISCLOSURE');
    s.when(back('B could live with about two months if monitored.'), 'lead').thenOk();
  });
});

describe('[DIS6] no text a mediator sends carries another party’s protected words', () => {
  const SECRET = 'Our real bottom line is a forty day withdrawal with monitors.';
  const OPEN = 'We could accept a joint commission on the river water.';

  function withSecrets() {
    const s = talks({ parties: ['A', 'B', 'C'] }).withEveryone().inPhase('negotiation');
    const secret = s
      .run({ type: 'submission.create', payload: { text: SECRET, disclosure: 'mediator-only' } }, 'delegate:A')
      .result.submissionId as string;
    const open = s
      .run({ type: 'submission.create', payload: { text: OPEN, disclosure: 'conveyable' } }, 'delegate:A')
      .result.submissionId as string;
    return { s, secret, open };
  }

  const pasted = (text: string) => `Let me put this to you: ${text.toLowerCase()} What do you think?`;

  it('[DIS6] a bridging proposal (no cited source) carrying a mediator-only or conveyable text fails with DISCLOSURE', () => {
    const { s } = withSecrets();
    s.when(convey(s, pasted(SECRET)), 'lead').thenError('DISCLOSURE', /mediators only/);
    s.when(convey(s, pasted(OPEN)), 'co').thenError('DISCLOSURE', /own words/);
    s.when(convey(s, 'Would a joint commission on the river help?'), 'lead').thenOk();
  });

  it('[DIS6] a conveyance citing one source may not carry another protected text', () => {
    const { s, open } = withSecrets();
    s.when(convey(s, `A is open to a commission. ${SECRET}`, { submissionId: open }), 'lead').thenError('DISCLOSURE');
    s.when(convey(s, `A told me: ${OPEN}`, { submissionId: open }), 'lead').thenError('DISCLOSURE', /own words/);
  });

  it('[DIS6] a cited conveyance back to a party may not carry its secret: the source’s author reads it too', () => {
    const { s, secret } = withSecrets();
    void secret;
    const fromB = s
      .run({ type: 'submission.create', payload: { text: 'Southland wants the bridge reopened soon.', disclosure: 'conveyable' } }, 'head:B')
      .result.submissionId as string;
    s.when(
      { type: 'conveyance.create', payload: { toPartyId: s.party('A'), text: `B is flexible. ${SECRET}`, submissionId: fromB } },
      'lead',
    ).thenError('DISCLOSURE', /mediators only/);
  });

  it('[DIS6] eight words in a row of a mediator-only text are already too many', () => {
    const { s } = withSecrets();
    s.when(convey(s, 'Consider: a forty day withdrawal with monitors, as a bottom line?'), 'lead').thenOk();
    s.when(convey(s, 'What if our real bottom line is a forty day withdrawal, say?'), 'lead').thenError(
      'DISCLOSURE',
    );
  });

  it('[DIS6] a mediator’s message to another party’s room or to the joint session is checked the same way', () => {
    const { s } = withSecrets();
    const post = (audience: 'room' | 'joint', text: string, to?: string): Command => ({
      type: 'message.post',
      payload: { audience, text, ...(to ? { partyId: s.party(to) } : {}) },
    });
    s.when(post('room', pasted(SECRET), 'B'), 'lead').thenError('DISCLOSURE');
    s.when(post('room', pasted(OPEN), 'C'), 'co').thenError('DISCLOSURE');
    s.when(post('joint', pasted(OPEN)), 'lead').thenError('DISCLOSURE');
    // A party's own words go back to its own room, and the mediators' channel is theirs.
    s.when(post('room', pasted(SECRET), 'A'), 'lead').thenOk();
    s.when({ type: 'message.post', payload: { audience: 'mediation', text: SECRET } }, 'lead').thenOk();
    // A delegation says what it likes in its own room and in the joint session.
    s.when(post('joint', SECRET), 'head:A').thenOk();
  });

  it('[DIS6] a summary or a clause of the negotiating text carrying a protected text fails with DISCLOSURE', () => {
    const { s } = withSecrets();
    s.when({ type: 'summary.draft', payload: { text: pasted(OPEN) } }, 'lead').thenError('DISCLOSURE');
    s.when(
      { type: 'text.draftClause', payload: { agendaItemIds: [], texts: { en: 'Article 1.', ru: SECRET } } },
      'lead',
    ).thenError('DISCLOSURE');
    s.when(
      {
        type: 'text.draftClause',
        payload: {
          agendaItemIds: [],
          texts: { en: 'The Parties shall:' },
          alternatives: [
            { label: 'A', texts: { en: 'withdraw within ninety days' } },
            { label: 'B', texts: { en: OPEN } },
          ],
        },
      },
      'co',
    ).thenError('DISCLOSURE');
    s.when({ type: 'summary.draft', payload: { text: 'The parties discussed the river.' } }, 'lead').thenOk();
  });

  it('[DIS6] verbatim texts may be quoted, and short phrases are common wording', () => {
    const s = talks().withEveryone().inPhase('pre-negotiation');
    s.run({ type: 'submission.create', payload: { text: 'We agree.', disclosure: 'mediator-only' } }, 'head:A');
    s.run({ type: 'submission.create', payload: { text: ORIGINAL, disclosure: 'verbatim' } }, 'head:A');
    s.when(convey(s, `We agree. A said: ${ORIGINAL}`), 'lead').thenOk();
  });

  it('[DIS6] a withdrawn text is no longer the party’s to be quoted, whatever its setting', () => {
    const { s, submissionId } = withSubmission('verbatim');
    s.run({ type: 'submission.withdraw', payload: { submissionId } }, 'head:A');
    s.when(convey(s, `Quote: ${ORIGINAL}`), 'lead').thenError('DISCLOSURE');
  });
});
