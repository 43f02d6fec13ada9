import { describe, expect, it } from 'vitest';
import { DISCLOSURES, asId, type Disclosure, type SubmissionId } from '../../shared/src/index.js';
import { talks, type Scenario } from '../support/domain.js';

const cast = () => talks().withEveryone().inPhase('pre-negotiation');

const submit = (s: Scenario, who: string, text: string, disclosure: Disclosure = 'conveyable'): string =>
  String(s.run({ type: 'submission.create', payload: { text, disclosure } }, who).result.submissionId);

describe('[SUB1] submitting a position to the mediator', () => {
  it('[SUB1] a head or delegate submits for its own party, with the disclosure it chose, into its room', () => {
    const s = cast();
    for (const disclosure of DISCLOSURES) {
      for (const who of ['head:A', 'delegate:A']) {
        const outcome = s.when(
          { type: 'submission.create', payload: { text: 'We need the bridge.', disclosure } },
          who,
        );
        outcome
          .then({
            type: 'submission.created',
            payload: {
              submissionId: outcome.id('submissionId'),
              partyId: s.party('A'),
              text: 'We need the bridge.',
              disclosure,
            },
          })
          .thenAudiences(s.room('A'))
          .thenResult({ submissionId: outcome.id('submissionId') });
      }
    }
  });

  it('[SUB1] the folded submission remembers its party, author, text and disclosure', () => {
    const s = cast();
    const id = submit(s, 'delegate:B', 'Only with guarantees.', 'verbatim');
    expect(Object.values(s.state.submissions)).toEqual([
      {
        id,
        partyId: s.party('B'),
        authorId: s.member('delegate:B').id,
        text: 'Only with guarantees.',
        disclosure: 'verbatim',
        withdrawn: false,
        at: s.world.now,
      },
    ]);
  });

  it('[SUB1] mediators and observers cannot submit', () => {
    const s = cast();
    for (const who of ['lead', 'co', 'observer:A']) {
      s.when({ type: 'submission.create', payload: { text: 'x', disclosure: 'conveyable' } }, who).thenError(
        'FORBIDDEN',
      );
    }
  });
});

describe('[SUB2] withdrawing a submission', () => {
  it('[SUB2] any member of the submitting party withdraws it, in its room', () => {
    const s = cast();
    const submissionId = submit(s, 'delegate:A', 'Ninety days.');
    s.when({ type: 'submission.withdraw', payload: { submissionId } }, 'head:A')
      .then({ type: 'submission.withdrawn', payload: { submissionId, partyId: s.party('A') } })
      .thenAudiences(s.room('A'));
  });

  it('[SUB2] another party’s submission is NOT_FOUND, worded as for one that does not exist', () => {
    const s = cast();
    const submissionId = submit(s, 'delegate:A', 'Ninety days.');
    s.when({ type: 'submission.withdraw', payload: { submissionId } }, 'head:B').thenNotFound();
    s.when(
      { type: 'submission.withdraw', payload: { submissionId: '00000000-0000-4000-8000-0000000fffff' } },
      'head:B',
    ).thenNotFound();
  });

  it('[SUB2] withdrawing twice is a CONFLICT', () => {
    const s = cast();
    const submissionId = submit(s, 'delegate:A', 'Ninety days.');
    s.run({ type: 'submission.withdraw', payload: { submissionId } }, 'delegate:A');
    expect(s.state.submissions[asId<SubmissionId>(submissionId)]?.withdrawn).toBe(true);
    s.when({ type: 'submission.withdraw', payload: { submissionId } }, 'head:A').thenError('CONFLICT');
  });

  it('[SUB2] mediators and observers cannot withdraw a party’s submission', () => {
    const s = cast();
    const submissionId = submit(s, 'delegate:A', 'Ninety days.');
    for (const who of ['lead', 'co', 'observer:A']) {
      s.when({ type: 'submission.withdraw', payload: { submissionId } }, who).thenError('FORBIDDEN');
    }
  });

  it('[SUB2] a withdrawn submission can no longer be conveyed', () => {
    const s = cast();
    const submissionId = submit(s, 'delegate:A', 'Ninety days.');
    s.run({ type: 'submission.withdraw', payload: { submissionId } }, 'delegate:A');
    s.when(
      { type: 'conveyance.create', payload: { toPartyId: s.party('B'), text: 'Ninety days.', submissionId } },
      'lead',
    ).thenError('DISCLOSURE');
  });
});
