import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../shared/src/events.js';
import type { ConveyanceId, SubmissionId, SummaryId } from '../../shared/src/ids.js';
import { PartyRoom } from '../../client/src/features/room/PartyRoom.js';
import { EventFactory, NORTH, NORTH_HEAD, SOUTH, seededId } from './support/events.js';
import { missingKeys } from './support/missing-keys.js';
import { member, renderWithTalks, type SentCommand } from './support/render.js';

afterEach(cleanup);

const head = member('head', 'Nils North', NORTH);
const delegate = member('delegate', 'Dana Delegate', NORTH);
const submissionId = seededId<SubmissionId>();
const toUs = seededId<ConveyanceId>();
const onOurBehalf = seededId<ConveyanceId>();
const summaryId = seededId<SummaryId>();

function northRoom(): WireEvent[] {
  const f = new EventFactory();
  return [
    f.opened('Harbour talks'),
    f.event(
      'message.posted',
      `caucus:${NORTH}`,
      { messageId: 'c1', channel: 'caucus', partyId: NORTH, text: 'Between us: June is fine.' },
      NORTH_HEAD,
    ),
    f.event('message.posted', `room:${NORTH}`, {
      messageId: 'r1',
      channel: 'room',
      partyId: NORTH,
      text: 'Welcome, North.',
    }),
    f.event(
      'submission.created',
      `room:${NORTH}`,
      { submissionId, partyId: NORTH, text: 'Open the port in May.', disclosure: 'conveyable' },
      NORTH_HEAD,
    ),
    f.event('conveyance.disclosed', `room:${NORTH}`, {
      conveyanceId: onOurBehalf,
      fromPartyId: NORTH,
      toPartyId: SOUTH,
      text: 'North could open the port in spring.',
      submissionId,
      responseId: null,
    }),
    f.event('conveyance.delivered', `room:${NORTH}`, {
      conveyanceId: toUs,
      toPartyId: NORTH,
      text: 'South proposes a joint commission.',
    }),
    f.event('summary.proposed', `room:${NORTH}`, {
      summaryId,
      partyId: NORTH,
      text: 'Both sides will meet in Geneva.',
    }),
  ];
}

const panel = (name: string) => screen.getByRole('region', { name });

/** What the member did: a head's signing key is also registered on its own as the room opens. */
const acts = (sent: SentCommand[]) => sent.filter((s) => s.command.type !== 'member.registerKey');

describe('the party room', () => {
  it('marks the caucus as visible to the delegation only and the room as shared with the mediators', () => {
    renderWithTalks(<PartyRoom />, { me: head, events: northRoom() });
    expect(screen.getByRole('heading', { level: 1, name: "North's room" })).toBeTruthy();
    const caucus = panel('Caucus');
    expect(within(caucus).getByText('Your delegation only')).toBeTruthy();
    expect(
      within(caucus).getByText('Visible to: your delegation only (the mediators cannot read it)'),
    ).toBeTruthy();
    expect(within(caucus).getByText('Between us: June is fine.')).toBeTruthy();
    const withMediator = panel('With the mediator');
    expect(within(withMediator).getByText('Visible to: the mediators and your delegation')).toBeTruthy();
    expect(within(withMediator).getByText('Welcome, North.')).toBeTruthy();
    expect(missingKeys()).toEqual([]);
  });

  it('posts to the caucus with the caucus audience', async () => {
    const { sent } = renderWithTalks(<PartyRoom />, { me: head, events: northRoom() });
    const caucus = panel('Caucus');
    await userEvent.type(
      within(caucus).getByRole('textbox', { name: 'Message to your delegation' }),
      'Hold firm',
    );
    await userEvent.click(within(caucus).getByRole('button', { name: 'Send' }));
    expect(acts(sent)[0]?.command).toEqual({
      type: 'message.post',
      payload: { audience: 'caucus', text: 'Hold firm' },
    });
  });

  it('explains the three disclosure choices and requires one before submitting', async () => {
    const { sent } = renderWithTalks(<PartyRoom />, { me: head, events: northRoom() });
    const form = panel('Submit a position');
    expect(
      within(form).getByRole('radio', { name: 'Mediator only' }).getAttribute('aria-describedby'),
    ).toBeTruthy();
    expect(within(form).getByText(/It never leaves the mediators/)).toBeTruthy();
    expect(within(form).getByText(/rephrased in the mediator's own words/)).toBeTruthy();
    expect(within(form).getByText(/only exactly as written/)).toBeTruthy();

    await userEvent.type(within(form).getByRole('textbox', { name: 'Your position' }), 'We need guarantees.');
    await userEvent.click(within(form).getByRole('button', { name: 'Submit to the mediator' }));
    expect(within(form).getByRole('alert').textContent).toBe('Choose what the mediator may do with it.');
    expect(acts(sent)).toHaveLength(0);

    await userEvent.click(within(form).getByRole('radio', { name: 'Verbatim' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Submit to the mediator' }));
    expect(acts(sent)[0]?.command).toEqual({
      type: 'submission.create',
      payload: { text: 'We need guarantees.', disclosure: 'verbatim' },
    });
  });

  it('offers the head accept, reject, counter and clarify on a conveyed proposal', async () => {
    const { sent } = renderWithTalks(<PartyRoom />, { me: head, events: northRoom() });
    const proposal = screen.getByRole('article', { name: 'Proposal from the mediator' });
    const actions = within(proposal).getByRole('group', { name: 'Answer this proposal' });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Accept…', 'Reject…', 'Counter…', 'Ask to clarify…']);

    await userEvent.click(within(actions).getByRole('button', { name: 'Counter…' }));
    const form = within(proposal).getByRole('form', { name: 'Make a counter-proposal' });
    await userEvent.type(
      within(form).getByRole('textbox', { name: 'Your counter-proposal' }),
      'A commission with observers.',
    );
    await userEvent.click(within(form).getByRole('radio', { name: 'Conveyable' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Send counter-proposal' }));
    expect(acts(sent)[0]?.command).toEqual({
      type: 'response.create',
      payload: {
        conveyanceId: toUs,
        stance: 'counter',
        text: 'A commission with observers.',
        disclosure: 'conveyable',
      },
    });
  });

  it('offers a delegate only counter and clarify, and says the head decides', () => {
    renderWithTalks(<PartyRoom />, { me: delegate, events: northRoom() });
    const proposal = screen.getByRole('article', { name: 'Proposal from the mediator' });
    const actions = within(proposal).getByRole('group', { name: 'Answer this proposal' });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Counter…', 'Ask to clarify…']);
    expect(within(actions).getByText('Only your head of delegation can accept or reject.')).toBeTruthy();
  });

  it('shows exactly what was conveyed on the party’s behalf, and to whom', () => {
    renderWithTalks(<PartyRoom />, { me: head, events: northRoom() });
    const behalf = panel('Conveyed on our behalf');
    expect(within(behalf).getByText('To South')).toBeTruthy();
    expect(within(behalf).getByText('North could open the port in spring.')).toBeTruthy();
    expect(within(behalf).getByText('Based on your text:')).toBeTruthy();
    const ours = panel('Our submissions');
    expect(within(ours).getByText('Passed on to: South')).toBeTruthy();
  });

  it('lets the head approve a summary, and tells a delegate only the head can', async () => {
    const { sent } = renderWithTalks(<PartyRoom />, { me: head, events: northRoom() });
    const summaries = panel('Summaries');
    expect(within(summaries).getByText('Your approval is needed')).toBeTruthy();
    await userEvent.click(within(summaries).getByRole('button', { name: 'Approve' }));
    expect(acts(sent)[0]?.command).toEqual({ type: 'summary.approve', payload: { summaryId, version: 1 } });
    cleanup();

    renderWithTalks(<PartyRoom />, { me: delegate, events: northRoom() });
    const forDelegate = panel('Summaries');
    expect(within(forDelegate).queryByRole('button', { name: 'Approve' })).toBeNull();
    // [SUM2] A delegate is never asked for the head's approval.
    expect(within(forDelegate).queryByText('Your approval is needed')).toBeNull();
    expect(within(forDelegate).getByText('Waiting for your head of delegation')).toBeTruthy();
    expect(
      within(forDelegate).getByText('Only your head of delegation can approve or ask for changes.'),
    ).toBeTruthy();
  });

  it('says what to do next when nothing has happened yet', () => {
    const f = new EventFactory();
    renderWithTalks(<PartyRoom />, { me: head, events: [f.opened()] });
    expect(screen.getByText(/No proposals yet\. When the mediator conveys one/)).toBeTruthy();
    expect(screen.getByText(/Nothing submitted yet\. Use the form/)).toBeTruthy();
    expect(screen.getByText(/Talk freely here/)).toBeTruthy();
  });

  it('speaks Ukrainian when asked to', () => {
    renderWithTalks(<PartyRoom />, { me: head, events: northRoom(), language: 'uk' });
    expect(screen.getByRole('region', { name: 'Закрита нарада' })).toBeTruthy();
    expect(screen.getByText('Бачать: лише ваша делегація (медіатори цього не бачать)')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Надіслати медіатору' })).toBeTruthy();
  });
});
