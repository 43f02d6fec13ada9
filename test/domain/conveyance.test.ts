import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/src/index.js';
import { talks, type Scenario } from '../support/domain.js';

const ORIGINAL = 'We accept international monitors on the ridge.';

function shuttle(parties = ['A', 'B']) {
  const s = talks({ parties }).withEveryone().inPhase('pre-negotiation');
  const submissionId = String(
    s.run({ type: 'submission.create', payload: { text: ORIGINAL, disclosure: 'conveyable' } }, 'delegate:A')
      .result.submissionId,
  );
  return { s, submissionId };
}

const convey = (
  s: Scenario,
  to: string,
  text: string,
  source: { submissionId?: string; responseId?: string } = {},
): Command => ({
  type: 'conveyance.create',
  payload: { toPartyId: s.party(to), text, ...source },
});

describe('[CNV1] a conveyance puts a text into one other party’s room', () => {
  it('[CNV1] a conveyance citing a submission is delivered to the destination room with nothing about its source', () => {
    const { s, submissionId } = shuttle();
    const outcome = s.when(convey(s, 'B', 'A would accept monitors.', { submissionId }), 'lead');
    const conveyanceId = outcome.id('conveyanceId');
    expect(outcome.events[0]).toEqual({
      type: 'conveyance.delivered',
      payload: { conveyanceId, toPartyId: s.party('B'), text: 'A would accept monitors.', kind: 'proposal' },
    });
    expect(outcome.result).toEqual({ conveyanceId });
  });

  it('[CNV1] a bridging proposal is delivered to the destination room and disclosed to no party', () => {
    const { s } = shuttle();
    const outcome = s.when(convey(s, 'A', 'Would a joint commission help?'), 'co');
    outcome
      .then({
        type: 'conveyance.delivered',
        payload: {
          conveyanceId: outcome.id('conveyanceId'),
          toPartyId: s.party('A'),
          text: 'Would a joint commission help?',
          kind: 'proposal',
        },
      })
      .thenAudiences(s.room('A'));
  });

  it('[CNV1] conveying a party’s own text back to it is INVALID_INPUT', () => {
    const { s, submissionId } = shuttle();
    s.when(convey(s, 'A', ORIGINAL, { submissionId }), 'lead').thenError('INVALID_INPUT');
  });

  it('[CNV1] an unknown destination party is INVALID_INPUT', () => {
    const { s } = shuttle();
    s.when(
      {
        type: 'conveyance.create',
        payload: { toPartyId: '00000000-0000-4000-8000-0000000fffff', text: 'Hello?' },
      },
      'lead',
    ).thenError('INVALID_INPUT');
  });

  it('[CNV1] citing both a submission and a response is INVALID_INPUT', () => {
    const { s, submissionId } = shuttle();
    s.when(convey(s, 'B', 'x', { submissionId, responseId: submissionId }), 'lead').thenError(
      'INVALID_INPUT',
    );
  });

  it('[CNV1] citing an unknown submission or response is NOT_FOUND', () => {
    const { s } = shuttle();
    const unknown = '00000000-0000-4000-8000-0000000fffff';
    s.when(convey(s, 'B', 'x', { submissionId: unknown }), 'lead').thenNotFound();
    s.when(convey(s, 'B', 'x', { responseId: unknown }), 'lead').thenNotFound();
  });

  it('[CNV1] only mediators convey', () => {
    const { s, submissionId } = shuttle();
    for (const who of ['head:A', 'delegate:A', 'head:B', 'observer:A']) {
      s.when(convey(s, 'B', 'A would accept monitors.', { submissionId }), who).thenError('FORBIDDEN');
      s.when(convey(s, 'B', 'A bridging idea.'), who).thenError('FORBIDDEN');
    }
  });

  it('[CNV1] the folded conveyance records its destination, source and sender', () => {
    const { s, submissionId } = shuttle();
    const conveyanceId = String(
      s.run(convey(s, 'B', 'Monitors are possible.', { submissionId }), 'co').result.conveyanceId,
    );
    expect(Object.values(s.state.conveyances)).toEqual([
      {
        id: conveyanceId,
        toPartyId: s.party('B'),
        text: 'Monitors are possible.',
        fromPartyId: s.party('A'),
        submissionId,
        responseId: null,
        kind: 'proposal',
        by: s.member('co').id,
        at: s.world.now,
      },
    ]);
  });
});

describe('[CNV2] the authoring party sees exactly what was conveyed on its behalf, and to whom', () => {
  it('[CNV2] citing a submission also discloses to the authoring room the exact text and destination', () => {
    const { s, submissionId } = shuttle();
    const outcome = s.when(convey(s, 'B', 'A would accept monitors.', { submissionId }), 'lead');
    const conveyanceId = outcome.id('conveyanceId');
    outcome
      .then(
        {
          type: 'conveyance.delivered',
          payload: { conveyanceId, toPartyId: s.party('B'), text: 'A would accept monitors.', kind: 'proposal' },
        },
        {
          type: 'conveyance.disclosed',
          payload: {
            conveyanceId,
            fromPartyId: s.party('A'),
            toPartyId: s.party('B'),
            text: 'A would accept monitors.',
            submissionId,
            responseId: null,
            kind: 'proposal',
          },
        },
      )
      .thenAudiences(s.room('B'), s.room('A'));
  });

  it('[CNV2] with three parties, the author learns which one received its content and the third learns nothing', () => {
    const { s, submissionId } = shuttle(['A', 'B', 'C']);
    const outcome = s.when(convey(s, 'C', 'A would accept monitors.', { submissionId }), 'lead');
    outcome.thenAudiences(s.room('C'), s.room('A'));
    expect(outcome.events[1]).toMatchObject({ payload: { toPartyId: s.party('C') } });
  });

  it('[CNV2] conveying a response discloses it to the responding party, naming the response', () => {
    const { s } = shuttle();
    const conveyanceId = String(
      s.run(convey(s, 'B', 'Would you accept monitors?'), 'lead').result.conveyanceId,
    );
    const responseId = String(
      s.run(
        {
          type: 'response.create',
          payload: { conveyanceId, stance: 'counter', text: 'Only unarmed ones.', disclosure: 'verbatim' },
        },
        'head:B',
      ).result.responseId,
    );
    const outcome = s.when(convey(s, 'A', 'Only unarmed ones.', { responseId }), 'co');
    outcome.thenAudiences(s.room('A'), s.room('B'));
    expect(outcome.events[1]).toEqual({
      type: 'conveyance.disclosed',
      payload: {
        conveyanceId: outcome.id('conveyanceId'),
        fromPartyId: s.party('B'),
        toPartyId: s.party('A'),
        text: 'Only unarmed ones.',
        submissionId: null,
        responseId,
        kind: 'proposal',
      },
    });
  });

  it('[CNV2] a response cannot be conveyed back to the party that gave it', () => {
    const { s } = shuttle();
    const conveyanceId = String(s.run(convey(s, 'B', 'Monitors?'), 'lead').result.conveyanceId);
    const responseId = String(
      s.run(
        {
          type: 'response.create',
          payload: { conveyanceId, stance: 'clarify', text: 'Whose monitors?', disclosure: 'conveyable' },
        },
        'delegate:B',
      ).result.responseId,
    );
    s.when(convey(s, 'B', 'Whose monitors?', { responseId }), 'lead').thenError('INVALID_INPUT');
  });
});
