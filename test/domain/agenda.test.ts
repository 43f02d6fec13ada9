import { describe, expect, it } from 'vitest';
import { asId, type AgendaItemId, type Command } from '../../shared/src/index.js';
import { anyString, talks } from '../support/domain.js';
import { addItem, draftClause } from './agreement-support.js';

const NOWHERE = '00000000-0000-4000-8000-0000000fffff';

const add = (title: string, description?: string): Command => ({
  type: 'agenda.add',
  payload: { title, ...(description === undefined ? {} : { description }) },
});

describe('[AG1] the mediators keep the agenda', () => {
  it('[AG1] a mediator adds a numbered item, told to every delegation at once (joint)', () => {
    const s = talks().withEveryone().inPhase('pre-negotiation');
    const first = s.when(add('Withdrawal', 'Lines and timing.'), 'lead');
    first
      .then({
        type: 'agenda.itemAdded',
        payload: {
          itemId: first.id('itemId'),
          number: 1,
          title: 'Withdrawal',
          description: 'Lines and timing.',
        },
      })
      .thenAudiences('joint');
    addItem(s, 'Withdrawal');
    s.when(add('Prisoners'), 'co').then({
      type: 'agenda.itemAdded',
      payload: { itemId: anyString, number: 2, title: 'Prisoners', description: '' },
    });
  });

  it('[AG1] delegations and observers cannot add or edit items; a party proposes one through a submission', () => {
    const s = talks().withEveryone().inPhase('pre-negotiation');
    const itemId = addItem(s, 'Withdrawal');
    for (const who of ['head:A', 'delegate:B', 'observer:A']) {
      s.when(add('Our item'), who).thenError('FORBIDDEN');
      s.when({ type: 'agenda.update', payload: { itemId, title: 'Theirs' } }, who).thenError('FORBIDDEN');
    }
    s.when(
      {
        type: 'submission.create',
        payload: { text: 'Add prisoners to the agenda.', disclosure: 'conveyable' },
      },
      'head:A',
    )
      .thenTypes('submission.created')
      .thenAudiences(s.room('A'));
  });

  it('[AG1] a mediator rewords an item; the whole item travels again to every delegation', () => {
    const s = talks().withEveryone().inPhase('preparation');
    const itemId = addItem(s, 'Withdrawal');
    s.when({ type: 'agenda.update', payload: { itemId, description: 'Lines.' } }, 'co')
      .then({ type: 'agenda.itemUpdated', payload: { itemId, title: 'Withdrawal', description: 'Lines.' } })
      .thenAudiences('joint');
  });

  it('[AG1] an update that changes nothing is refused: nothing given is INVALID_INPUT, the same wording CONFLICT', () => {
    const s = talks().withEveryone().inPhase('preparation');
    const itemId = addItem(s, 'Withdrawal');
    s.when({ type: 'agenda.update', payload: { itemId } }, 'lead').thenError('INVALID_INPUT');
    s.when({ type: 'agenda.update', payload: { itemId, title: 'Withdrawal' } }, 'lead').thenError('CONFLICT');
    s.when({ type: 'agenda.update', payload: { itemId: NOWHERE, title: 'x' } }, 'lead').thenNotFound();
  });

  it('[AG1] the folded agenda keeps every item in order', () => {
    const s = talks().withEveryone().inPhase('preparation');
    const first = addItem(s, 'Withdrawal');
    const second = addItem(s, 'Prisoners');
    expect(s.state.agreement.agendaOrder).toEqual([first, second]);
    expect(s.state.agreement.agenda[asId<AgendaItemId>(second)]).toMatchObject({
      number: 2,
      title: 'Prisoners',
    });
  });
});

describe('[AG2] the agenda’s links to a party’s words are the mediators’ own', () => {
  function linked() {
    const s = talks().withEveryone().inPhase('pre-negotiation');
    const itemId = addItem(s, 'Withdrawal');
    const submissionId = String(
      s.run(
        { type: 'submission.create', payload: { text: 'Ninety days.', disclosure: 'mediator-only' } },
        'head:A',
      ).result.submissionId,
    );
    return { s, itemId, submissionId };
  }

  it('[AG2] a mediator links an item to a party’s submission; only the mediators learn of it', () => {
    const { s, itemId, submissionId } = linked();
    s.when({ type: 'agenda.link', payload: { itemId, submissionId } }, 'co')
      .then({ type: 'agenda.linked', payload: { itemId, kind: 'submission', targetId: submissionId } })
      .thenAudiences('mediation');
  });

  it('[AG2] an item links to a response, a conveyance or a clause just the same', () => {
    const { s, itemId, submissionId } = linked();
    const conveyanceId = String(
      s.run(
        { type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'A bridging idea.' } },
        'lead',
      ).result.conveyanceId,
    );
    const responseId = String(
      s.run(
        {
          type: 'response.create',
          payload: { conveyanceId, stance: 'clarify', text: 'Which lines?', disclosure: 'conveyable' },
        },
        'delegate:B',
      ).result.responseId,
    );
    const clauseId = draftClause(s, 'Forces withdraw.');
    for (const [kind, key, id] of [
      ['response', 'responseId', responseId],
      ['conveyance', 'conveyanceId', conveyanceId],
      ['clause', 'clauseId', clauseId],
    ] as const) {
      s.when({ type: 'agenda.link', payload: { itemId, [key]: id } }, 'lead')
        .then({ type: 'agenda.linked', payload: { itemId, kind, targetId: id } })
        .thenAudiences('mediation');
    }
    expect(submissionId).toBeTruthy();
  });

  it('[AG2] a link names exactly one target (INVALID_INPUT), an existing one (NOT_FOUND), once (CONFLICT)', () => {
    const { s, itemId, submissionId } = linked();
    s.when({ type: 'agenda.link', payload: { itemId } }, 'lead').thenError('INVALID_INPUT');
    s.when({ type: 'agenda.link', payload: { itemId, submissionId, clauseId: NOWHERE } }, 'lead').thenError(
      'INVALID_INPUT',
    );
    s.when({ type: 'agenda.link', payload: { itemId, submissionId: NOWHERE } }, 'lead').thenNotFound();
    s.when({ type: 'agenda.link', payload: { itemId: NOWHERE, submissionId } }, 'lead').thenNotFound();
    s.run({ type: 'agenda.link', payload: { itemId, submissionId } }, 'lead');
    s.when({ type: 'agenda.link', payload: { itemId, submissionId } }, 'co').thenError('CONFLICT');
  });

  it('[AG2] only mediators link, whether or not the target exists', () => {
    const { s, itemId, submissionId } = linked();
    for (const who of ['head:A', 'delegate:B', 'observer:A']) {
      const existing = s.when({ type: 'agenda.link', payload: { itemId, submissionId } }, who).error.toBody();
      const absent = s
        .when({ type: 'agenda.link', payload: { itemId: NOWHERE, submissionId: NOWHERE } }, who)
        .error.toBody();
      expect(existing.code).toBe('FORBIDDEN');
      expect(absent).toEqual(existing);
    }
  });
});
