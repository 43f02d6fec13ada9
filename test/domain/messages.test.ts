import { describe, it } from 'vitest';
import type { Command, MessageChannel } from '../../shared/src/index.js';
import { talks } from '../support/domain.js';

const post = (audience: MessageChannel, text: string, partyId?: string): Command => ({
  type: 'message.post',
  payload: { audience, text, ...(partyId === undefined ? {} : { partyId }) },
});

const cast = () => talks({ parties: ['A', 'B'] }).withEveryone();

describe('[MSG1] caucus: a delegation deliberates among itself', () => {
  it('[MSG1] a head or delegate posts in its own party’s caucus, read by that caucus only', () => {
    const s = cast();
    for (const who of ['head:A', 'delegate:A']) {
      const outcome = s.when(post('caucus', 'Our red line is the river.'), who);
      outcome
        .then({
          type: 'message.posted',
          payload: {
            messageId: outcome.id('messageId'),
            channel: 'caucus',
            partyId: s.party('A'),
            text: 'Our red line is the river.',
          },
        })
        .thenAudiences(s.caucus('A'));
    }
  });

  it('[MSG1] naming the own party is fine; naming another party’s caucus is FORBIDDEN', () => {
    const s = cast();
    s.when(post('caucus', 'ok', s.party('A')), 'delegate:A').thenAudiences(s.caucus('A'));
    s.when(post('caucus', 'let me in', s.party('B')), 'delegate:A').thenError('FORBIDDEN');
  });

  it('[MSG1] mediators and observers cannot post in a caucus', () => {
    const s = cast();
    for (const who of ['lead', 'co', 'observer:A']) {
      s.when(post('caucus', 'hello', s.party('A')), who).thenError('FORBIDDEN');
      s.when(post('caucus', 'hello'), who).thenError('FORBIDDEN');
    }
  });
});

describe('[MSG2] room: a delegation and the mediators', () => {
  it('[MSG2] a delegation member posts in its own room', () => {
    const s = cast();
    s.when(post('room', 'When do we meet?'), 'delegate:B').thenAudiences(s.room('B'));
    s.when(post('room', 'When do we meet?', s.party('B')), 'head:B').thenAudiences(s.room('B'));
  });

  it('[MSG2] a delegation member cannot post in another party’s room', () => {
    const s = cast();
    s.when(post('room', 'Psst', s.party('A')), 'delegate:B').thenError('FORBIDDEN');
  });

  it('[MSG2] a mediator posts in a party’s room by naming the party', () => {
    const s = cast();
    for (const who of ['lead', 'co']) {
      const outcome = s.when(post('room', 'Tomorrow at nine.', s.party('A')), who);
      outcome
        .then({
          type: 'message.posted',
          payload: {
            messageId: outcome.id('messageId'),
            channel: 'room',
            partyId: s.party('A'),
            text: 'Tomorrow at nine.',
          },
        })
        .thenAudiences(s.room('A'));
    }
  });

  it('[MSG2] a mediator who names no party, or an unknown one, gets INVALID_INPUT', () => {
    const s = cast();
    s.when(post('room', 'Where does this go?'), 'lead').thenError('INVALID_INPUT');
    s.when(post('room', 'Where?', '00000000-0000-4000-8000-0000000fffff'), 'co').thenError('INVALID_INPUT');
  });

  it('[MSG2] an observer cannot post in a room', () => {
    const s = cast();
    s.when(post('room', 'hi'), 'observer:A').thenError('FORBIDDEN');
    s.when(post('room', 'hi', s.party('A')), 'observer:A').thenError('FORBIDDEN');
  });
});

describe('[MSG3] mediation: the mediators only', () => {
  it('[MSG3] a mediator posts in the mediation channel, which belongs to no party', () => {
    const s = cast();
    for (const who of ['lead', 'co']) {
      const outcome = s.when(post('mediation', 'B will move if A moves first.'), who);
      outcome
        .then({
          type: 'message.posted',
          payload: {
            messageId: outcome.id('messageId'),
            channel: 'mediation',
            partyId: null,
            text: 'B will move if A moves first.',
          },
        })
        .thenAudiences('mediation');
    }
  });

  it('[MSG3] naming a party in the mediation channel is INVALID_INPUT', () => {
    const s = cast();
    s.when(post('mediation', 'note', s.party('A')), 'lead').thenError('INVALID_INPUT');
  });

  it('[MSG3] delegations and observers cannot post in the mediation channel', () => {
    const s = cast();
    for (const who of ['head:A', 'delegate:B', 'observer:A']) {
      s.when(post('mediation', 'let me read along'), who).thenError('FORBIDDEN');
    }
  });
});

describe('[MSG4] joint: every delegation and the mediators, in the negotiation phase', () => {
  it('[MSG4] delegations and mediators post in the joint session during negotiation', () => {
    const s = cast().inPhase('negotiation');
    for (const who of ['lead', 'co', 'head:A', 'delegate:B']) {
      const outcome = s.when(post('joint', 'Article 1 reads well.'), who);
      outcome
        .then({
          type: 'message.posted',
          payload: {
            messageId: outcome.id('messageId'),
            channel: 'joint',
            partyId: null,
            text: 'Article 1 reads well.',
          },
        })
        .thenAudiences('joint');
    }
  });

  it('[MSG4] joint messages before or after negotiation are refused with PHASE', () => {
    for (const phase of ['preparation', 'pre-negotiation', 'suspended', 'concluded'] as const) {
      cast().inPhase(phase).when(post('joint', 'Too early, or too late.'), 'head:A').thenError('PHASE');
    }
  });

  it('[MSG4] an observer cannot post in the joint session', () => {
    cast().inPhase('negotiation').when(post('joint', 'May I?'), 'observer:A').thenError('FORBIDDEN');
  });

  it('[MSG4] naming a party in the joint session is INVALID_INPUT', () => {
    const s = cast().inPhase('negotiation');
    s.when(post('joint', 'hello', s.party('A')), 'head:A').thenError('INVALID_INPUT');
  });
});
