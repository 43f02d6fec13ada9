import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/src/index.js';
import { talks } from '../support/domain.js';

// [INB1] The mediators mark inbox items handled: their own bookkeeping, in the mediation audience.

function withItems() {
  const s = talks({ parties: ['A', 'B'] }).withEveryone();
  const submissionId = String(
    s.run({ type: 'submission.create', payload: { text: 'Sixty days.', disclosure: 'conveyable' } }, 'head:A').result
      .submissionId,
  );
  return { s, submissionId };
}

const mark = (ids: { submissionId?: string; responseId?: string }, handled = true): Command => ({
  type: 'inbox.mark',
  payload: { ...ids, handled },
});

describe('[INB1] marking an inbox item handled', () => {
  it('[INB1] given a submission, when a co-mediator marks it handled, then the mediators are told who did it, in mediation only', () => {
    const { s, submissionId } = withItems();
    s.when(mark({ submissionId }), 'co')
      .then({ type: 'inbox.marked', payload: { itemKind: 'submission', itemId: submissionId, handled: true } })
      .thenAudiences('mediation');
    s.run(mark({ submissionId }), 'co');
    expect(s.state.handled[submissionId]).toEqual({ by: s.member('co').id, at: s.world.now });
    expect(s.stored().at(-1)?.actor.id).toBe(s.member('co').id);
  });

  it('[INB1] marking it again is CONFLICT; it can be marked as needing action again', () => {
    const { s, submissionId } = withItems();
    s.run(mark({ submissionId }), 'lead');
    s.when(mark({ submissionId }), 'co').thenError('CONFLICT');
    s.run(mark({ submissionId }, false), 'co');
    expect(s.state.handled[submissionId]).toBeUndefined();
    s.when(mark({ submissionId }, false), 'co').thenError('CONFLICT');
  });

  it('[INB1] a response is marked the same way; in every phase', () => {
    const { s } = withItems();
    s.inPhase('pre-negotiation');
    const conveyanceId = String(
      s.run({ type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'Sixty?' } }, 'lead').result
        .conveyanceId,
    );
    const responseId = String(
      s.run(
        { type: 'response.create', payload: { conveyanceId, stance: 'accept', text: 'Yes.', disclosure: 'conveyable' } },
        'head:B',
      ).result.responseId,
    );
    s.inPhase('suspended');
    s.when(mark({ responseId }), 'lead')
      .then({ type: 'inbox.marked', payload: { itemKind: 'response', itemId: responseId, handled: true } })
      .thenAudiences('mediation');
  });

  it('[INB1] only mediators mark; exactly one item; unknown is NOT_FOUND', () => {
    const { s, submissionId } = withItems();
    for (const who of ['head:A', 'delegate:B', 'observer:A']) s.when(mark({ submissionId }), who).thenError('FORBIDDEN');
    s.when(mark({}), 'lead').thenError('INVALID_INPUT');
    s.when(mark({ submissionId, responseId: submissionId }), 'lead').thenError('INVALID_INPUT');
    s.when(mark({ responseId: submissionId }), 'lead').thenNotFound();
  });
});
