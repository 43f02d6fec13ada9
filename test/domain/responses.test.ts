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
  it('[RSP1] the head answers with any stance and disclosure; the response lands in the party’s own room', () => {
    const { s, conveyanceId } = received();
    for (const stance of STANCES) {
      for (const disclosure of DISCLOSURES) {
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
      },
    ]);
  });
});
