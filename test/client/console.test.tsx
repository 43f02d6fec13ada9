import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConveyanceId, MemberId, SubmissionId, SummaryId } from '../../shared/src/ids.js';
import type { WireEvent } from '../../shared/src/events.js';
import { MediatorConsole } from '../../client/src/features/console/MediatorConsole.js';
import { EventFactory, NORTH, NORTH_HEAD, SOUTH, SOUTH_HEAD, seededId } from './support/events.js';
import { missingKeys } from './support/missing-keys.js';
import { member, renderWithTalks } from './support/render.js';

afterEach(cleanup);

const lead = member('lead-mediator', 'Mara Lind');
const conveyableId = seededId<SubmissionId>();
const verbatimId = seededId<SubmissionId>();
const secretId = seededId<SubmissionId>();
const conveyanceId = seededId<ConveyanceId>();
const summaryId = seededId<SummaryId>();
const northHeadId = seededId<MemberId>();

function shuttleSoFar(f: EventFactory = new EventFactory()): WireEvent[] {
  return [
    f.opened('Harbour talks'),
    f.event(
      'member.joined',
      `room:${NORTH}`,
      {
        memberId: northHeadId,
        role: 'head',
        partyId: NORTH,
        displayName: 'Nils North',
        inviteId: seededId(),
        sponsorPartyId: null,
      },
      NORTH_HEAD,
    ),
    f.event(
      'submission.created',
      `room:${NORTH}`,
      {
        submissionId: conveyableId,
        partyId: NORTH,
        text: 'We could open the port in May.',
        disclosure: 'conveyable',
      },
      NORTH_HEAD,
    ),
    f.event(
      'submission.created',
      `room:${NORTH}`,
      { submissionId: verbatimId, partyId: NORTH, text: 'No troops within 5 km.', disclosure: 'verbatim' },
      NORTH_HEAD,
    ),
    f.event(
      'submission.created',
      `room:${SOUTH}`,
      {
        submissionId: secretId,
        partyId: SOUTH,
        text: 'Our real bottom line is June.',
        disclosure: 'mediator-only',
      },
      SOUTH_HEAD,
    ),
    f.event('conveyance.delivered', `room:${SOUTH}`, {
      conveyanceId,
      toPartyId: SOUTH,
      text: 'North signals the port could open in spring.',
    }),
    f.event('conveyance.disclosed', `room:${NORTH}`, {
      conveyanceId,
      fromPartyId: NORTH,
      toPartyId: SOUTH,
      text: 'North signals the port could open in spring.',
      submissionId: conveyableId,
      responseId: null,
    }),
    f.event('message.posted', 'mediation', {
      messageId: 'note-1',
      channel: 'mediation',
      partyId: null,
      text: 'South seems flexible on dates.',
    }),
    f.event('summary.drafted', 'mediation', { summaryId, text: 'Both sides will meet in Geneva.' }),
    f.event('summary.proposed', `room:${NORTH}`, {
      summaryId,
      partyId: NORTH,
      text: 'Both sides will meet in Geneva.',
    }),
    f.event('summary.proposed', `room:${SOUTH}`, {
      summaryId,
      partyId: SOUTH,
      text: 'Both sides will meet in Geneva.',
    }),
    f.event('summary.approved', `room:${NORTH}`, { summaryId, partyId: NORTH }, NORTH_HEAD),
  ];
}

const openTab = async (name: RegExp) => userEvent.click(screen.getByRole('tab', { name }));
/** The visible console section (hidden ones stay mounted). */
const section = () => within(screen.getByRole('tabpanel'));
const cardWith = (text: string): HTMLElement => {
  const card = section().getByText(text).closest('article');
  if (!card) throw new Error(`no card with ${text}`);
  return card;
};

describe('the mediator console', () => {
  it('shows one column per party plus the mediators’ notes, each composer naming its audience', () => {
    renderWithTalks(<MediatorConsole />, {
      me: lead,
      events: shuttleSoFar(),
      snapshot: { online: new Set([northHeadId]) },
    });
    const north = screen.getByRole('region', { name: 'Room of North' });
    const south = screen.getByRole('region', { name: 'Room of South' });
    const notes = screen.getByRole('region', { name: "Mediators' notes" });
    expect(within(north).getByText("Visible to: the mediators and North's delegation")).toBeTruthy();
    expect(within(south).getByText("Visible to: the mediators and South's delegation")).toBeTruthy();
    expect(within(notes).getByText('Visible to: the mediators only')).toBeTruthy();
    expect(within(notes).getByText('South seems flexible on dates.')).toBeTruthy();
    expect(within(north).getByText('Online: Nils North')).toBeTruthy();
    expect(within(south).getByText('No one online')).toBeTruthy();
    expect(missingKeys()).toEqual([]);
  });

  it('shows each submission’s disclosure as a badge with its meaning, and who knows what', async () => {
    renderWithTalks(<MediatorConsole />, { me: lead, events: shuttleSoFar() });
    await openTab(/Inbox \(3 to handle\)/);
    const conveyable = cardWith('We could open the port in May.');
    expect(within(conveyable).getByText('Conveyable')).toBeTruthy();
    expect(within(conveyable).getByText('The mediator may pass it on in their own words.')).toBeTruthy();
    expect(within(conveyable).getByText('Who knows what')).toBeTruthy();
    expect(within(conveyable).getByText("South's room")).toBeTruthy();
    expect(within(conveyable).getByText("in the mediator's words")).toBeTruthy();

    const verbatim = cardWith('No troops within 5 km.');
    expect(within(verbatim).getByText(/Not conveyed to anyone/)).toBeTruthy();
  });

  it('disables conveying a mediator-only submission and says why', async () => {
    renderWithTalks(<MediatorConsole />, { me: lead, events: shuttleSoFar() });
    await openTab(/Inbox/);
    const secret = cardWith('Our real bottom line is June.');
    const button = within(secret).getByRole('button', { name: 'Convey to…' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(button.getAttribute('aria-describedby')).toBeTruthy();
    expect(within(secret).getAllByText('Mediator only: you may read it, but never pass it on.').length).toBe(
      1,
    );
  });

  it('conveys a conveyable submission only after naming the destination and asking for confirmation', async () => {
    const { sent } = renderWithTalks(<MediatorConsole />, { me: lead, events: shuttleSoFar() });
    await openTab(/Inbox/);
    const card = cardWith('We could open the port in May.');
    await userEvent.click(within(card).getByRole('button', { name: 'Convey to…' }));

    const dialog = screen.getByRole('dialog', { name: 'Convey to South' });
    const text = within(dialog).getByRole<HTMLTextAreaElement>('textbox', {
      name: 'Text that South will read',
    });
    // [DIS5] Conveyable means in the mediator's own words: the box starts empty, the party's text beside it.
    expect(text.value).toBe('');
    expect(text.readOnly).toBe(false);
    const source = within(dialog).getByRole('complementary', { name: 'What North said' });
    expect(within(source).getByText('We could open the port in May.')).toBeTruthy();
    await userEvent.type(text, 'North could open the port in late spring.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review…' }));

    expect(within(dialog).getByText(/Send this to South's room\?/)).toBeTruthy();
    expect(sent).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Yes, convey to South' }));

    expect(sent.map((s) => s.command)).toEqual([
      {
        type: 'conveyance.create',
        payload: {
          toPartyId: SOUTH,
          text: 'North could open the port in late spring.',
          submissionId: conveyableId,
        },
      },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('[DIS5] warns while the draft still copies eight words in a row of the party’s text, and explains a refusal without a Retry', async () => {
    const f = new EventFactory();
    const long = 'We could open the port in May if the blockade is lifted first.';
    const events = [
      ...shuttleSoFar(f),
      f.event(
        'submission.created',
        `room:${NORTH}`,
        { submissionId: secretId, partyId: NORTH, text: long, disclosure: 'conveyable' },
        NORTH_HEAD,
      ),
    ];
    renderWithTalks(<MediatorConsole />, {
      me: lead,
      events,
      answer: () => ({ ok: false, error: { code: 'DISCLOSURE', message: 'In your own words.' } }),
    });
    await openTab(/Inbox/);
    await userEvent.click(within(cardWith(long)).getByRole('button', { name: 'Convey to…' }));
    const dialog = screen.getByRole('dialog', { name: 'Convey to South' });
    const text = within(dialog).getByRole('textbox', { name: 'Text that South will read' });
    await userEvent.type(text, 'North says: the port in May if the blockade');
    expect(within(dialog).queryByTestId('convey-copied')).toBeNull();
    await userEvent.clear(text);
    await userEvent.click(text);
    await userEvent.paste(`Dear South, ${long}`);
    expect(within(dialog).getByTestId('convey-copied').textContent).toMatch(/copies 13 words in a row/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review…' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Yes, convey to South' }));
    expect(within(dialog).getByText(/Not sent: the text repeats the party's own words/)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Retry' })).toBeNull();
    // Focus stays in the dialog, Cancel is there, and Escape still closes it.
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('[PH2] in preparation, Convey is disabled with the reason before anyone types', async () => {
    const f = new EventFactory();
    const events = [
      ...shuttleSoFar(f),
      f.event('phase.changed', 'gallery', { from: 'pre-negotiation', to: 'preparation' }, NORTH_HEAD),
    ];
    renderWithTalks(<MediatorConsole />, { me: lead, events });
    const north = screen.getByRole('region', { name: 'Room of North' });
    const propose = within(north).getByRole<HTMLButtonElement>('button', { name: /proposal/i });
    expect(propose.disabled).toBe(true);
    const reason =
      'Proposals can be conveyed and answered only in Pre-negotiation or Negotiation. The talks is in Preparation now.';
    expect(propose.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(propose.getAttribute('aria-describedby') ?? '')?.textContent).toBe(reason);
    await openTab(/Inbox/);
    const convey = within(cardWith('We could open the port in May.')).getByRole<HTMLButtonElement>('button', {
      name: 'Convey to…',
    });
    expect(convey.disabled).toBe(true);
  });

  it('locks the text of a verbatim submission', async () => {
    renderWithTalks(<MediatorConsole />, { me: lead, events: shuttleSoFar() });
    await openTab(/Inbox/);
    const card = cardWith('No troops within 5 km.');
    await userEvent.click(within(card).getByRole('button', { name: 'Convey to…' }));
    const dialog = screen.getByRole('dialog', { name: 'Convey to South' });
    const text = within(dialog).getByRole<HTMLTextAreaElement>('textbox', {
      name: 'Text that South will read',
    });
    expect(text.readOnly).toBe(true);
    expect(text.value).toBe('No troops within 5 km.');
    expect(within(dialog).getByText(/Locked: the party allowed this only word for word/)).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('unlocks publishing only when every head has approved', async () => {
    const f = new EventFactory();
    const events = shuttleSoFar(f);
    const { rerenderWith, sent } = renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openTab(/Summaries/);
    const summary = section().getByRole('article', { name: 'Summary' });
    expect(within(summary).getByText('approved')).toBeTruthy();
    expect(within(summary).getByText('has not answered yet')).toBeTruthy();
    const publish = within(summary).getByRole<HTMLButtonElement>('button', { name: 'Publish' });
    expect(publish.disabled).toBe(true);
    expect(
      within(summary).getByText('Publishing unlocks when every head of delegation has approved.'),
    ).toBeTruthy();

    const southApproves = f.event(
      'summary.approved',
      `room:${SOUTH}`,
      { summaryId, partyId: SOUTH },
      SOUTH_HEAD,
    );
    rerenderWith([...events, southApproves]);
    const enabled = within(section().getByRole('article', { name: 'Summary' })).getByRole<HTMLButtonElement>(
      'button',
      { name: 'Publish' },
    );
    expect(enabled.disabled).toBe(false);
    // [SUM4] The lead reads that it is ready, not "awaiting approval", and confirms before publishing.
    const ready = section().getByRole('article', { name: 'Summary' });
    expect(within(ready).getByText('Ready to publish')).toBeTruthy();
    expect(within(ready).queryByText('Awaiting approval')).toBeNull();
    const before = sent.length;
    await userEvent.click(enabled);
    expect(sent.length).toBe(before);
    const confirm = within(ready).getByRole('group', { name: 'Publish' });
    expect(within(confirm).getByText(/This cannot be undone/)).toBeTruthy();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Yes, publish' }));
    expect(sent.at(-1)?.command).toEqual({ type: 'summary.publish', payload: { summaryId } });
  });

  it('creates an invite and shows its link with a copy button', async () => {
    const url = 'http://parley.test/join?code=abc';
    const { sent } = renderWithTalks(<MediatorConsole />, {
      me: lead,
      events: shuttleSoFar(),
      answer: () => ({ ok: true, result: { inviteId: seededId(), code: 'abc', url } }),
    });
    await openTab(/Phase & members/);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Role' }), 'observer');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'On behalf of party' }), SOUTH);
    await userEvent.click(screen.getByRole('button', { name: 'Create invite link' }));

    expect(sent[0]?.command).toEqual({
      type: 'member.invite',
      payload: { role: 'observer', partyId: SOUTH, expiresInHours: 72 },
    });
    const link = screen.getAllByRole('textbox', { name: 'Invite link' })[0] as HTMLInputElement;
    expect(link.value).toBe(url);
    expect(screen.getAllByRole('button', { name: 'Copy link' }).length).toBeGreaterThan(0);
  });

  it('shows a failed command with a retry that re-sends the same commandId', async () => {
    let calls = 0;
    const { sent } = renderWithTalks(<MediatorConsole />, {
      me: lead,
      events: shuttleSoFar(),
      answer: () => {
        calls += 1;
        return calls === 1
          ? { ok: false, error: { code: 'INTERNAL', message: 'boom' } }
          : { ok: true, result: {} };
      },
    });
    const notes = screen.getByRole('region', { name: "Mediators' notes" });
    await userEvent.type(
      within(notes).getByRole('textbox', { name: 'Note for the mediators' }),
      'Call South at noon',
    );
    await userEvent.click(within(notes).getByRole('button', { name: 'Send' }));
    expect(within(notes).getByText(/Not done: Something went wrong on the server/)).toBeTruthy();

    await userEvent.click(within(notes).getByRole('button', { name: 'Retry' }));
    expect(sent).toHaveLength(2);
    expect(sent[1]?.commandId).toBe(sent[0]?.commandId);
    expect(sent[1]?.command).toEqual({
      type: 'message.post',
      payload: { audience: 'mediation', text: 'Call South at noon' },
    });
    expect(within(notes).getByText('Sent.')).toBeTruthy();
  });

  it('moves the phase only after a confirmation that names both phases', async () => {
    const { sent } = renderWithTalks(<MediatorConsole />, { me: lead, events: shuttleSoFar() });
    await openTab(/Phase & members/);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Move the talks to' }), 'negotiation');
    await userEvent.click(screen.getByRole('button', { name: 'Change phase…' }));
    expect(screen.getByText(/Move the talks from Pre-negotiation to Negotiation\?/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Yes, move to Negotiation' }));
    expect(sent.map((s) => s.command)).toEqual([{ type: 'phase.change', payload: { to: 'negotiation' } }]);
  });

  it('gives a co-mediator no phase or membership controls', async () => {
    renderWithTalks(<MediatorConsole />, { me: member('co-mediator', 'Cai Co'), events: shuttleSoFar() });
    await openTab(/^Phase$/);
    expect(screen.queryByRole('combobox', { name: 'Move the talks to' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create invite link' })).toBeNull();
    expect(screen.getByText('Only the lead mediator can change the phase.')).toBeTruthy();
  });

  it('is reachable by keyboard: arrow keys move between the console sections', async () => {
    renderWithTalks(<MediatorConsole />, { me: lead, events: shuttleSoFar() });
    screen.getByRole('tab', { name: 'Rooms' }).focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: /Inbox/ }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /Inbox/ }));
  });
});
