import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConveyanceId, ResponseId, SubmissionId, SummaryId } from '../../shared/src/ids.js';
import type { WireEvent } from '../../shared/src/events.js';
import { MediatorConsole } from '../../client/src/features/console/MediatorConsole.js';
import { PartyRoom } from '../../client/src/features/room/PartyRoom.js';
import { EventFactory, MEDIATOR, NORTH, NORTH_HEAD, SOUTH, actor, seededId } from './support/events.js';
import { missingKeys } from './support/missing-keys.js';
import { member, renderWithTalks } from './support/render.js';

// Issue 15, items 8, 9, 10 and 12 as the screens show them.

afterEach(cleanup);

/** The visible console section (hidden ones stay mounted). */
const section = () => within(screen.getByRole('tabpanel'));

const lead = member('lead-mediator', 'Mara Lind');
const head = member('head', 'Nils North', NORTH);
const delegate = member('delegate', 'Dana Delegate', NORTH);
const CO = actor('Cato Co', 'co-mediator');
const proposal = seededId<ConveyanceId>();
const question = seededId<ConveyanceId>();
const accepted = seededId<ResponseId>();
const rejected = seededId<ResponseId>();
const submissionId = seededId<SubmissionId>();
const summaryId = seededId<SummaryId>();

function answeredTwice(f = new EventFactory()): WireEvent[] {
  return [
    f.opened('Harbour talks'),
    f.event('submission.created', `room:${SOUTH}`, {
      submissionId,
      partyId: SOUTH,
      text: 'South could open the port in May.',
      disclosure: 'conveyable',
    }),
    f.event('conveyance.delivered', `room:${NORTH}`, {
      conveyanceId: proposal,
      toPartyId: NORTH,
      text: 'South proposes to open the port in May.',
      kind: 'proposal',
    }),
    f.event(
      'response.created',
      `room:${NORTH}`,
      { responseId: accepted, conveyanceId: proposal, partyId: NORTH, stance: 'accept', text: 'Yes, May.', disclosure: 'conveyable' },
      NORTH_HEAD,
    ),
    f.event(
      'response.created',
      `room:${NORTH}`,
      { responseId: rejected, conveyanceId: proposal, partyId: NORTH, stance: 'reject', text: 'No, June.', disclosure: 'conveyable' },
      NORTH_HEAD,
    ),
    f.event('conveyance.delivered', `room:${NORTH}`, {
      conveyanceId: question,
      toPartyId: NORTH,
      text: 'South asks: calendar days or working days?',
      kind: 'question',
    }),
  ];
}

describe('[RSP2] only the current answer is current', () => {
  it('[RSP2] the room shows the reject as current and the earlier accept struck through, with its time', () => {
    renderWithTalks(<PartyRoom />, { me: head, events: answeredTwice() });
    const card = screen.getByRole('article', { name: 'Proposal from the mediator' });
    const answers = within(card).getByRole('list', { name: 'Our answers' });
    const [first, second] = within(answers).getAllByRole('listitem');
    expect(within(first!).getByText('Replaced by a later answer')).toBeTruthy();
    expect(within(first!).getByText('Yes, May.').tagName).toBe('DEL');
    expect(first!.querySelector('time')).toBeTruthy();
    expect(within(second!).getByText('Current answer')).toBeTruthy();
    expect(within(second!).getByText('No, June.').tagName).toBe('P');
    // [RSP3] Rejecting again is not offered; accepting (changing the answer) still is.
    expect(within(card).queryByRole('button', { name: 'Reject…' })).toBeNull();
    expect(within(card).getByRole('button', { name: 'Accept…' })).toBeTruthy();
    expect(missingKeys()).toEqual([]);
  });

  it('[RSP3] a delegate is not offered a counter once the head decided', () => {
    renderWithTalks(<PartyRoom />, { me: delegate, events: answeredTwice() });
    const card = screen.getByRole('article', { name: 'Proposal from the mediator' });
    expect(within(card).queryByRole('button', { name: 'Counter…' })).toBeNull();
    expect(within(card).getByText(/only the head can change the party's answer/)).toBeTruthy();
  });

  it('[RSP2][INB2] the inbox counts only the current answer as needing action', async () => {
    renderWithTalks(<MediatorConsole />, { me: lead, events: answeredTwice() });
    // The submission and the current reject: the superseded accept is closed.
    await userEvent.click(screen.getByRole('tab', { name: /Inbox \(2 to handle\)/ }));
    const old = section().getByText('Yes, May.').closest('article')!;
    expect(within(old).getByText('Replaced by a later answer', { selector: '.badge' })).toBeTruthy();
    expect(within(old).getByText('Closed')).toBeTruthy();
  });
});

describe('[CNV4][RSP4] a question is shown and answered as a question', () => {
  it('[CNV4] the room shows the mediator’s question with an Answer button only, and sends stance answer', async () => {
    const { sent } = renderWithTalks(<PartyRoom />, { me: delegate, events: answeredTwice() });
    const card = screen.getByRole('article', { name: 'Question from the mediator' });
    const actions = within(card).getByRole('group', { name: 'Answer this question' });
    expect(within(actions).getAllByRole('button').map((b) => b.textContent)).toEqual(['Answer…']);
    await userEvent.click(within(actions).getByRole('button', { name: 'Answer…' }));
    const form = within(card).getByRole('form', { name: 'Answer the question' });
    await userEvent.type(within(form).getByRole('textbox', { name: 'Your answer' }), 'Calendar days.');
    await userEvent.click(within(form).getByRole('radio', { name: /Conveyable/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Send answer' }));
    expect(sent.at(-1)?.command).toEqual({
      type: 'response.create',
      payload: { conveyanceId: question, stance: 'answer', text: 'Calendar days.', disclosure: 'conveyable' },
    });
  });
});

describe('[INB1][INB2] the inbox: needs action, handled by whom, filters and threads', () => {
  it('[INB1] marking handled sends inbox.mark; a co-mediator’s mark shows who handled it and the count drops', async () => {
    const f = new EventFactory();
    const events = answeredTwice(f);
    const { sent, rerenderWith } = renderWithTalks(<MediatorConsole />, { me: lead, events });
    await userEvent.click(screen.getByRole('tab', { name: /Inbox \(2 to handle\)/ }));
    const card = section().getByText('South could open the port in May.').closest('article')!;
    await userEvent.click(within(card).getByRole('button', { name: 'Mark handled' }));
    expect(sent.at(-1)?.command).toEqual({ type: 'inbox.mark', payload: { submissionId, handled: true } });

    rerenderWith([...events, f.event('inbox.marked', 'mediation', { itemKind: 'submission', itemId: submissionId, handled: true }, CO)]);
    expect(screen.getByRole('tab', { name: /Inbox \(1 to handle\)/ })).toBeTruthy();
    const marked = section().getByText('South could open the port in May.').closest('article')!;
    expect(within(marked).getByText('Handled by Cato Co')).toBeTruthy();
    expect(within(marked).getByRole('button', { name: 'Needs action again' })).toBeTruthy();
    expect(screen.getByText('1 of 3 need action')).toBeTruthy();
  });

  it('[INB2] filters by party, kind and state, and groups a proposal with its answers in one thread', async () => {
    renderWithTalks(<MediatorConsole />, { me: lead, events: answeredTwice() });
    await userEvent.click(screen.getByRole('tab', { name: /Inbox/ }));
    const threads = () => section().getAllByRole('region').filter((r) => r.classList.contains('thread'));
    expect(threads().map((t) => t.getAttribute('aria-label'))).toEqual([
      "The mediators' proposal to North and the answers",
      'Submission from South and what came of it',
    ]);
    expect(within(threads()[0]!).getAllByRole('article')).toHaveLength(2);

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Party' }), 'South');
    expect(threads()).toHaveLength(1);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Party' }), 'all');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'answer');
    expect(section().queryByText('South could open the port in May.')).toBeNull();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'State' }), 'needs-action');
    expect(section().queryByText('Yes, May.')).toBeNull();
    expect(section().getByText('No, June.')).toBeTruthy();
  });
});

describe('[SUM5][SUM6] the summary lifecycle', () => {
  function revisedAfterChanges(f = new EventFactory()): WireEvent[] {
    return [
      f.opened('Harbour talks'),
      f.event('summary.drafted', 'mediation', { summaryId, text: 'Meet in Geneva.' }),
      f.event('summary.proposed', `room:${NORTH}`, { summaryId, partyId: NORTH, text: 'Meet in Geneva.', version: 1 }),
      f.event('summary.proposed', `room:${SOUTH}`, { summaryId, partyId: SOUTH, text: 'Meet in Geneva.', version: 1 }),
      f.event('summary.approved', `room:${SOUTH}`, { summaryId, partyId: SOUTH }),
      f.event('summary.changesRequested', `room:${NORTH}`, { summaryId, partyId: NORTH, text: 'Say Vienna.' }, NORTH_HEAD),
    ];
  }

  it('[SUM5] a summary with changes requested can be revised; the new version asks every head again', async () => {
    const f = new EventFactory();
    const events = revisedAfterChanges(f);
    const { sent, rerenderWith } = renderWithTalks(<MediatorConsole />, { me: lead, events });
    await userEvent.click(screen.getByRole('tab', { name: 'Summaries' }));
    const card = () => within(screen.getByRole('tabpanel')).getByRole('article', { name: 'Summary' });
    expect(within(card()).getByText('Changes requested')).toBeTruthy();
    await userEvent.click(within(card()).getByRole('button', { name: 'Revise…' }));
    const text = within(card()).getByRole('textbox', { name: 'The revised summary' });
    await userEvent.clear(text);
    await userEvent.type(text, 'Meet in Vienna.');
    await userEvent.click(within(card()).getByRole('button', { name: 'Send the new version for approval' }));
    expect(sent.at(-1)?.command).toEqual({ type: 'summary.revise', payload: { summaryId, text: 'Meet in Vienna.' } });

    rerenderWith([
      ...events,
      f.event('summary.revised', 'mediation', { summaryId, version: 2, text: 'Meet in Vienna.' }),
      f.event('summary.proposed', `room:${NORTH}`, { summaryId, partyId: NORTH, text: 'Meet in Vienna.', version: 2 }),
      f.event('summary.proposed', `room:${SOUTH}`, { summaryId, partyId: SOUTH, text: 'Meet in Vienna.', version: 2 }),
    ]);
    expect(within(card()).getByText('Version 2')).toBeTruthy();
    expect(within(card()).getByText('Awaiting approval')).toBeTruthy();
    expect(within(card()).getAllByText('has not answered yet')).toHaveLength(2);
  });

  it('[SUM6] withdrawing asks for confirmation and sends summary.withdraw; the room then shows it withdrawn', async () => {
    const f = new EventFactory();
    const events = revisedAfterChanges(f);
    const { sent } = renderWithTalks(<MediatorConsole />, { me: { ...lead }, events });
    await userEvent.click(screen.getByRole('tab', { name: 'Summaries' }));
    const card = within(screen.getByRole('tabpanel')).getByRole('article', { name: 'Summary' });
    await userEvent.click(within(card).getByRole('button', { name: 'Withdraw…' }));
    await userEvent.click(within(card).getByRole('button', { name: 'Withdraw summary' }));
    expect(sent.at(-1)?.command).toEqual({ type: 'summary.withdraw', payload: { summaryId } });
    cleanup();

    renderWithTalks(<PartyRoom />, {
      me: head,
      events: [...events, f.event('summary.withdrawn', `room:${NORTH}`, { summaryId, partyId: NORTH }, MEDIATOR)],
    });
    expect(screen.getByText('Withdrawn by the mediators')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });
});
