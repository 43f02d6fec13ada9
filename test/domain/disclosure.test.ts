import { describe, it } from 'vitest';
import type { Command, Disclosure } from '../../shared/src/index.js';
import { talks, type Scenario } from '../support/domain.js';

// A conveyance that cites a party's content is checked against the disclosure that
// party chose: [DIS1] mediator-only never, [DIS2] conveyable in the mediator's words,
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
  source: { submissionId?: string; responseId?: string },
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

  it('[DIS2] a conveyable submission may also be conveyed word for word', () => {
    const { s, submissionId } = withSubmission('conveyable');
    s.when(convey(s, ORIGINAL, { submissionId }), 'lead').thenOk();
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
