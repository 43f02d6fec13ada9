import { describe, expect, it } from 'vitest';
import { DISCLOSURES, STANCES, type Command, type Disclosure, type Stance } from '../../shared/src/index.js';
import { talks } from '../support/domain.js';

// [RSP1] A party answers a conveyance it received: accept or reject by its head only,
// counter or clarify by head or delegate; the answer reaches the mediators (in the
// party's room), and the other side only through a further conveyance.

function received() {
  const s = talks({ parties: ['A', 'B', 'C'] })
    .withEveryone()
    .inPhase('pre-negotiation');
  const conveyanceId = String(
    s.run({ type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'Ninety days?' } }, 'lead')
      .result.conveyanceId,
  );
  return { s, conveyanceId };
}

const respond = (
  conveyanceId: string,
  stance: Stance,
  disclosure: Disclosure = 'conveyable',
  text = 'Our answer.',
): Command => ({
  type: 'response.create',
  payload: { conveyanceId, stance, text, disclosure },
});

describe('[RSP1] responding to a conveyance', () => {
  it('[RSP1] the head answers with any stance a proposal takes and any disclosure; the response lands in the party’s own room', () => {
    for (const stance of STANCES.filter((one) => one !== 'answer')) {
      for (const disclosure of DISCLOSURES) {
        const { s, conveyanceId } = received();
        const outcome = s.when(respond(conveyanceId, stance, disclosure, 'Sixty.'), 'head:B');
        outcome
          .then({
            type: 'response.created',
            payload: {
              responseId: outcome.id('responseId'),
              conveyanceId,
              partyId: s.party('B'),
              stance,
              text: 'Sixty.',
              disclosure,
            },
          })
          .thenAudiences(s.room('B'))
          .thenResult({ responseId: outcome.id('responseId') });
      }
    }
  });

  it('[RSP1] a delegate may counter or clarify', () => {
    const { s, conveyanceId } = received();
    s.when(respond(conveyanceId, 'counter'), 'delegate:B').thenAudiences(s.room('B'));
    s.when(respond(conveyanceId, 'clarify'), 'delegate:B').thenAudiences(s.room('B'));
  });

  it('[RSP1] a delegate may not accept or reject: only the head speaks for the party', () => {
    const { s, conveyanceId } = received();
    s.when(respond(conveyanceId, 'accept'), 'delegate:B').thenError('FORBIDDEN');
    s.when(respond(conveyanceId, 'reject'), 'delegate:B').thenError('FORBIDDEN');
  });

  it('[RSP1] mediators and observers do not respond to conveyances', () => {
    const { s, conveyanceId } = received();
    for (const who of ['lead', 'co', 'observer:A']) {
      for (const stance of STANCES) s.when(respond(conveyanceId, stance), who).thenError('FORBIDDEN');
    }
  });

  it('[RSP1] a conveyance sent to another party is NOT_FOUND, worded as for one that does not exist', () => {
    const { s, conveyanceId } = received();
    for (const who of ['head:A', 'delegate:A', 'head:C']) {
      s.when(respond(conveyanceId, 'counter'), who).thenNotFound();
    }
    s.when(respond('00000000-0000-4000-8000-0000000fffff', 'counter'), 'head:B').thenNotFound();
  });

  it('[RSP1] the response never reaches the other side directly: only a further conveyance carries it', () => {
    const { s, conveyanceId } = received();
    const responseId = String(
      s.run(respond(conveyanceId, 'counter', 'conveyable', 'Sixty.'), 'head:B').result.responseId,
    );
    expect(
      s
        .stored()
        .filter((event) => event.type === 'response.created')
        .map((event) => event.audience),
    ).toEqual([s.room('B')]);
    s.when(
      {
        type: 'conveyance.create',
        payload: { toPartyId: s.party('A'), text: 'B suggests two months.', responseId },
      },
      'lead',
    ).thenAudiences(s.room('A'), s.room('B'));
  });

  it('[RSP1] the folded response remembers its conveyance, party, author, stance and disclosure', () => {
    const { s, conveyanceId } = received();
    const responseId = String(
      s.run(respond(conveyanceId, 'reject', 'mediator-only', 'No.'), 'head:B').result.responseId,
    );
    expect(Object.values(s.state.responses)).toEqual([
      {
        id: responseId,
        conveyanceId,
        partyId: s.party('B'),
        authorId: s.member('head:B').id,
        stance: 'reject',
        text: 'No.',
        disclosure: 'mediator-only',
        at: s.world.now,
        supersededBy: null,
      },
    ]);
  });
});

/** A question conveyed to B: the mediator's own, or A's clarify conveyed on. */
function asked() {
  const { s, conveyanceId } = received();
  const question = String(
    s.run(
      { type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'What do you mean by soon?', kind: 'question' } },
      'lead',
    ).result.conveyanceId,
  );
  return { s, conveyanceId, question };
}

describe('[RSP2] one current answer per party and proposal', () => {
  it('[RSP2] given the head accepted, when the head rejects, then the reject is current and the accept is superseded by it', () => {
    const { s, conveyanceId } = received();
    const accepted = String(s.run(respond(conveyanceId, 'accept'), 'head:B').result.responseId);
    s.when(respond(conveyanceId, 'reject', 'conveyable', 'On reflection, no.'), 'head:B').thenOk().thenAudiences(s.room('B'));
    const rejected = String(s.run(respond(conveyanceId, 'reject', 'conveyable', 'On reflection, no.'), 'head:B').result.responseId);
    expect(s.state.responses[accepted as never]).toMatchObject({ stance: 'accept', supersededBy: rejected });
    expect(s.state.responses[rejected as never]).toMatchObject({ stance: 'reject', supersededBy: null });
  });

  it('[RSP2] given a counter, when the head accepts, then the counter is superseded; a clarify neither supersedes nor is superseded', () => {
    const { s, conveyanceId } = received();
    const countered = String(s.run(respond(conveyanceId, 'counter'), 'delegate:B').result.responseId);
    const question = String(s.run(respond(conveyanceId, 'clarify'), 'delegate:B').result.responseId);
    const accepted = String(s.run(respond(conveyanceId, 'accept'), 'head:B').result.responseId);
    expect(s.state.responses[countered as never]?.supersededBy).toBe(accepted);
    expect(s.state.responses[question as never]?.supersededBy).toBeNull();
    expect(s.state.responses[accepted as never]?.supersededBy).toBeNull();
  });

  it('[RSP2] answers of different parties to different conveyances never supersede each other', () => {
    const { s, conveyanceId } = received();
    const other = String(
      s.run({ type: 'conveyance.create', payload: { toPartyId: s.party('C'), text: 'Ninety days?' } }, 'lead').result
        .conveyanceId,
    );
    const b = String(s.run(respond(conveyanceId, 'accept'), 'head:B').result.responseId);
    s.run(respond(other, 'reject'), 'head:C');
    expect(s.state.responses[b as never]?.supersededBy).toBeNull();
  });
});

describe('[RSP3] only the head changes the head’s decision', () => {
  it('[RSP3] given the head accepted, when a delegate counters, then CONFLICT; the head may still counter', () => {
    const { s, conveyanceId } = received();
    s.run(respond(conveyanceId, 'accept'), 'head:B');
    s.when(respond(conveyanceId, 'counter'), 'delegate:B').thenError('CONFLICT');
    s.when(respond(conveyanceId, 'clarify'), 'delegate:B').thenOk();
    s.when(respond(conveyanceId, 'counter'), 'head:B').thenOk();
  });

  it('[RSP3] giving the current accept or reject again is CONFLICT', () => {
    const { s, conveyanceId } = received();
    s.run(respond(conveyanceId, 'reject'), 'head:B');
    s.when(respond(conveyanceId, 'reject'), 'head:B').thenError('CONFLICT');
    s.run(respond(conveyanceId, 'accept'), 'head:B');
    s.when(respond(conveyanceId, 'accept'), 'head:B').thenError('CONFLICT');
  });
});

describe('[RSP4] the stance fits what was conveyed', () => {
  it('[RSP4] given a question, when the party accepts, rejects, counters or asks back, then INVALID_INPUT; an answer is accepted', () => {
    const { s, question } = asked();
    for (const stance of ['accept', 'reject', 'counter', 'clarify'] as const) {
      s.when(respond(question, stance), 'head:B').thenError('INVALID_INPUT');
    }
    s.when(respond(question, 'answer', 'conveyable', 'Within the year.'), 'delegate:B')
      .thenOk()
      .thenAudiences(s.room('B'));
  });

  it('[RSP4] given a proposal, an answer is INVALID_INPUT', () => {
    const { s, conveyanceId } = received();
    s.when(respond(conveyanceId, 'answer'), 'head:B').thenError('INVALID_INPUT');
  });

  it('[RSP4][RSP2] a later answer to a question supersedes the earlier one', () => {
    const { s, question } = asked();
    const first = String(s.run(respond(question, 'answer', 'conveyable', 'Soon.'), 'delegate:B').result.responseId);
    const second = String(s.run(respond(question, 'answer', 'conveyable', 'Within the year.'), 'head:B').result.responseId);
    expect(s.state.responses[first as never]?.supersededBy).toBe(second);
  });
});

describe('[CNV4] a question is conveyed as a question', () => {
  it('[CNV4] given A asked a question (clarify), when a mediator conveys it to B, then B receives a question it answers, not a proposal', () => {
    const s = talks({ parties: ['A', 'B'] }).withEveryone().inPhase('pre-negotiation');
    const toA = String(
      s.run({ type: 'conveyance.create', payload: { toPartyId: s.party('A'), text: 'B offers 60 days.' } }, 'lead').result
        .conveyanceId,
    );
    const clarify = String(
      s.run(respond(toA, 'clarify', 'conveyable', 'Calendar days or working days?'), 'delegate:A').result.responseId,
    );
    const outcome = s.run(
      { type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'Do you mean calendar days?', responseId: clarify } },
      'co',
    );
    expect(outcome.events.map((event) => (event.payload as { kind?: string }).kind)).toEqual(['question', 'question']);
    const question = String(outcome.result.conveyanceId);
    s.when(respond(question, 'accept'), 'head:B').thenError('INVALID_INPUT');
    const answer = String(s.run(respond(question, 'answer', 'conveyable', 'Calendar days.'), 'head:B').result.responseId);
    // The answer goes back to A as an answer, which takes a further question only.
    const back = s.run(
      { type: 'conveyance.create', payload: { toPartyId: s.party('A'), text: 'B counts every day of the week.', responseId: answer } },
      'lead',
    );
    expect((back.events[0]?.payload as { kind?: string }).kind).toBe('answer');
    const backId = String(back.result.conveyanceId);
    s.when(respond(backId, 'accept'), 'head:A').thenError('INVALID_INPUT');
    s.when(respond(backId, 'clarify'), 'delegate:A').thenOk();
  });

  it('[CNV4] a party’s question cannot be conveyed as a proposal', () => {
    const s = talks({ parties: ['A', 'B'] }).withEveryone().inPhase('pre-negotiation');
    const toA = String(
      s.run({ type: 'conveyance.create', payload: { toPartyId: s.party('A'), text: 'B offers 60 days.' } }, 'lead').result
        .conveyanceId,
    );
    const clarify = String(s.run(respond(toA, 'clarify'), 'head:A').result.responseId);
    s.when(
      { type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'A asks.', responseId: clarify, kind: 'proposal' } },
      'lead',
    ).thenError('INVALID_INPUT');
  });
});
