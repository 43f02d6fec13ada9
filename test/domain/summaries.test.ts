import { describe, expect, it } from 'vitest';
import { asId, type Command, type SummaryId } from '../../shared/src/index.js';
import { talks, type Scenario } from '../support/domain.js';

const TEXT = 'The parties agreed to meet again in Geneva.';

function drafted(parties = ['A', 'B']) {
  const s = talks({ parties }).withEveryone().inPhase('pre-negotiation');
  const summaryId = String(s.run({ type: 'summary.draft', payload: { text: TEXT } }, 'co').result.summaryId);
  return { s, summaryId };
}

const approve = (summaryId: string): Command => ({ type: 'summary.approve', payload: { summaryId } });
const requestChanges = (summaryId: string, text = 'Say “Geneva or Vienna”.'): Command => ({
  type: 'summary.requestChanges',
  payload: { summaryId, text },
});
const publish = (summaryId: string): Command => ({ type: 'summary.publish', payload: { summaryId } });

const approveAll = (s: Scenario, summaryId: string) => {
  for (const party of s.state.parties) s.run(approve(summaryId), `head:${party.name}`);
};

describe('[SUM1] drafting a summary', () => {
  it('[SUM1] a mediator drafts; the mediators get the draft and every party’s room gets it at once', () => {
    const s = talks({ parties: ['A', 'B', 'C'] }).withEveryone();
    for (const who of ['lead', 'co']) {
      const outcome = s.when({ type: 'summary.draft', payload: { text: TEXT } }, who);
      const summaryId = outcome.id('summaryId');
      outcome
        .then(
          { type: 'summary.drafted', payload: { summaryId, text: TEXT } },
          { type: 'summary.proposed', payload: { summaryId, partyId: s.party('A'), text: TEXT, version: 1 } },
          { type: 'summary.proposed', payload: { summaryId, partyId: s.party('B'), text: TEXT, version: 1 } },
          { type: 'summary.proposed', payload: { summaryId, partyId: s.party('C'), text: TEXT, version: 1 } },
        )
        .thenAudiences('mediation', s.room('A'), s.room('B'), s.room('C'))
        .thenResult({ summaryId });
    }
  });

  it('[SUM1] delegations and observers cannot draft summaries', () => {
    const s = talks().withEveryone();
    for (const who of ['head:A', 'delegate:B', 'observer:A']) {
      s.when({ type: 'summary.draft', payload: { text: TEXT } }, who).thenError('FORBIDDEN');
    }
  });

  it('[SUM1] a drafted summary starts unapproved and unpublished', () => {
    const { s, summaryId } = drafted();
    expect(s.state.summaries[asId<SummaryId>(summaryId)]).toMatchObject({
      text: TEXT,
      approvals: [],
      status: 'draft',
    });
  });
});

describe('[SUM2] approving a summary', () => {
  it('[SUM2] a party’s head approves on the party’s behalf, in the party’s room', () => {
    const { s, summaryId } = drafted();
    s.when(approve(summaryId), 'head:A')
      .then({ type: 'summary.approved', payload: { summaryId, partyId: s.party('A') } })
      .thenAudiences(s.room('A'));
  });

  it('[SUM2] delegates, mediators and observers cannot approve', () => {
    const { s, summaryId } = drafted();
    for (const who of ['delegate:A', 'lead', 'co', 'observer:A'])
      s.when(approve(summaryId), who).thenError('FORBIDDEN');
  });

  it('[SUM2] approving twice is a CONFLICT', () => {
    const { s, summaryId } = drafted();
    s.run(approve(summaryId), 'head:A');
    s.when(approve(summaryId), 'head:A').thenError('CONFLICT');
  });

  it('[SUM2] an unknown summary is NOT_FOUND', () => {
    const { s } = drafted();
    s.when(approve('00000000-0000-4000-8000-0000000fffff'), 'head:A').thenNotFound();
  });

  it('[SUM2] a published summary can no longer be approved or changed (CONFLICT)', () => {
    const { s, summaryId } = drafted();
    approveAll(s, summaryId);
    s.run(publish(summaryId), 'lead');
    s.when(approve(summaryId), 'head:A').thenError('CONFLICT');
    s.when(requestChanges(summaryId), 'head:B').thenError('CONFLICT');
  });
});

describe('[SUM3] asking for changes', () => {
  it('[SUM3] a head asks for changes, with its reasons, in the party’s room', () => {
    const { s, summaryId } = drafted();
    s.when(requestChanges(summaryId, 'Name both cities.'), 'head:B')
      .then({
        type: 'summary.changesRequested',
        payload: { summaryId, partyId: s.party('B'), text: 'Name both cities.' },
      })
      .thenAudiences(s.room('B'));
  });

  it('[SUM3] asking for changes withdraws the party’s earlier approval', () => {
    const { s, summaryId } = drafted();
    approveAll(s, summaryId);
    s.run(requestChanges(summaryId), 'head:A');
    expect(s.state.summaries[asId<SummaryId>(summaryId)]?.approvals).toEqual([s.party('B')]);
    s.when(publish(summaryId), 'lead').thenError('CONFLICT', /A/);
    s.when(approve(summaryId), 'head:A').thenOk();
  });

  it('[SUM3] only a head asks for changes', () => {
    const { s, summaryId } = drafted();
    for (const who of ['delegate:A', 'lead', 'co', 'observer:A']) {
      s.when(requestChanges(summaryId), who).thenError('FORBIDDEN');
    }
  });

  it('[SUM3] an unknown summary is NOT_FOUND', () => {
    const { s } = drafted();
    s.when(requestChanges('00000000-0000-4000-8000-0000000fffff'), 'head:A').thenNotFound();
  });
});

describe('[SUM4] publishing a summary to the gallery', () => {
  it('[SUM4] once every party’s head approved, the lead mediator publishes it to the gallery', () => {
    const { s, summaryId } = drafted(['A', 'B', 'C']);
    approveAll(s, summaryId);
    s.when(publish(summaryId), 'lead')
      .then({ type: 'summary.published', payload: { summaryId, text: TEXT } })
      .thenAudiences('gallery');
  });

  it('[SUM4] publishing before every head approved is a CONFLICT naming the parties still to approve', () => {
    const { s, summaryId } = drafted(['A', 'B', 'C']);
    s.when(publish(summaryId), 'lead').thenError('CONFLICT', /A, B, C/);
    s.run(approve(summaryId), 'head:A');
    s.run(approve(summaryId), 'head:C');
    s.when(publish(summaryId), 'lead').thenError('CONFLICT', /: B\.$/);
  });

  it('[SUM4] only the lead mediator publishes', () => {
    const { s, summaryId } = drafted();
    approveAll(s, summaryId);
    for (const who of ['co', 'head:A', 'delegate:B', 'observer:A'])
      s.when(publish(summaryId), who).thenError('FORBIDDEN');
  });

  it('[SUM4] a summary is published once; an unknown one is NOT_FOUND', () => {
    const { s, summaryId } = drafted();
    approveAll(s, summaryId);
    s.run(publish(summaryId), 'lead');
    expect(s.state.summaries[asId<SummaryId>(summaryId)]?.status).toBe('published');
    s.when(publish(summaryId), 'lead').thenError('CONFLICT');
    s.when(publish('00000000-0000-4000-8000-0000000fffff'), 'lead').thenNotFound();
  });
});

const revise = (summaryId: string, text = 'The parties agreed to meet again in Geneva or Vienna.'): Command => ({
  type: 'summary.revise',
  payload: { summaryId, text },
});
const withdraw = (summaryId: string): Command => ({ type: 'summary.withdraw', payload: { summaryId } });

describe('[SUM5] revising a summary', () => {
  it('[SUM5] given changes were requested, when a mediator revises, then every room gets version 2 and the mediators get the revision', () => {
    const { s, summaryId } = drafted();
    s.run(approve(summaryId), 'head:A');
    s.run(requestChanges(summaryId), 'head:B');
    const text = 'The parties agreed to meet again in Geneva or Vienna.';
    s.when(revise(summaryId, text), 'lead')
      .then(
        { type: 'summary.revised', payload: { summaryId, version: 2, text } },
        { type: 'summary.proposed', payload: { summaryId, partyId: s.party('A'), text, version: 2 } },
        { type: 'summary.proposed', payload: { summaryId, partyId: s.party('B'), text, version: 2 } },
      )
      .thenAudiences('mediation', s.room('A'), s.room('B'))
      .thenResult({ version: 2 });
    s.run(revise(summaryId, text), 'lead');
    expect(s.state.summaries[summaryId as SummaryId]).toMatchObject({ text, version: 2, approvals: [], changeRequests: [] });
  });

  it('[SUM5] earlier approvals no longer count: publishing waits for every head again', () => {
    const { s, summaryId } = drafted();
    approveAll(s, summaryId);
    s.run(revise(summaryId), 'co');
    s.when(publish(summaryId), 'lead').thenError('CONFLICT');
    approveAll(s, summaryId);
    s.when(publish(summaryId), 'lead').thenOk();
  });

  it('[SUM5] a head approving a version no longer current is CONFLICT; the current one is accepted', () => {
    const { s, summaryId } = drafted();
    s.run(revise(summaryId), 'co');
    s.when({ type: 'summary.approve', payload: { summaryId, version: 1 } }, 'head:A').thenError('CONFLICT');
    s.when({ type: 'summary.approve', payload: { summaryId, version: 2 } }, 'head:A').thenOk();
  });

  it('[SUM5] only mediators revise; the same text is CONFLICT; a published summary is CONFLICT', () => {
    const { s, summaryId } = drafted();
    for (const who of ['head:A', 'delegate:A', 'observer:A']) s.when(revise(summaryId), who).thenError('FORBIDDEN');
    s.when(revise(summaryId, TEXT), 'lead').thenError('CONFLICT');
    approveAll(s, summaryId);
    s.run(publish(summaryId), 'lead');
    s.when(revise(summaryId), 'lead').thenError('CONFLICT');
    s.when(revise(asId<SummaryId>('00000000-0000-4000-8000-0000000fffff')), 'lead').thenNotFound();
  });
});

describe('[SUM6] withdrawing a summary', () => {
  it('[SUM6] given changes were requested, when a mediator withdraws, then every room is told and nothing more can be done with it', () => {
    const { s, summaryId } = drafted();
    s.run(requestChanges(summaryId), 'head:A');
    s.when(withdraw(summaryId), 'co')
      .then(
        { type: 'summary.withdrawn', payload: { summaryId, partyId: s.party('A') } },
        { type: 'summary.withdrawn', payload: { summaryId, partyId: s.party('B') } },
      )
      .thenAudiences(s.room('A'), s.room('B'));
    s.run(withdraw(summaryId), 'co');
    expect(s.state.summaries[summaryId as SummaryId]?.status).toBe('withdrawn');
    s.when(approve(summaryId), 'head:B').thenError('CONFLICT');
    s.when(revise(summaryId), 'lead').thenError('CONFLICT');
    s.when(publish(summaryId), 'lead').thenError('CONFLICT');
    s.when(withdraw(summaryId), 'lead').thenError('CONFLICT');
  });

  it('[SUM6] only mediators withdraw', () => {
    const { s, summaryId } = drafted();
    for (const who of ['head:A', 'delegate:A', 'observer:A']) s.when(withdraw(summaryId), who).thenError('FORBIDDEN');
  });
});
