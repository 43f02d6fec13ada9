import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../shared/src/commands.js';
import type { WireEvent } from '../../shared/src/events.js';
import type { ConveyanceId } from '../../shared/src/ids.js';
import type { Outcome } from '../../client/src/api/transport.js';
import { PartyRoom } from '../../client/src/features/room/PartyRoom.js';
import { EventFactory, NORTH, NORTH_HEAD, seededId } from './support/events.js';
import { member, renderWithTalks, type SentCommand } from './support/render.js';

// Drafts are never lost and never sent twice: a retried send clears the box like a
// first send does ([WEB1]), and during a store outage the draft stays put and goes
// out by itself, with the same commandId, once the server is back ([WEB2]).

afterEach(cleanup);

const head = member('head', 'Nils North', NORTH);
const toUs = seededId<ConveyanceId>();

function northRoom(): { f: EventFactory; events: WireEvent[] } {
  const f = new EventFactory();
  return {
    f,
    events: [
      f.opened('Harbour talks'),
      f.event('conveyance.delivered', `room:${NORTH}`, {
        conveyanceId: toUs,
        toPartyId: NORTH,
        text: 'South proposes a joint commission.',
      }),
    ],
  };
}

const failure = (code: 'INTERNAL' | 'UNAVAILABLE' | 'NO_ANSWER', retryAfterMs?: number): Outcome => ({
  ok: false,
  error: { code, message: 'not now', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
});

/** Answers each of the member's commands in turn from a script; the last answer repeats. */
function scripted(...answers: Outcome[]): (command: Command) => Outcome {
  let index = 0;
  return (command) => {
    // The head's browser registers its signing key by itself as the room opens.
    if (command.type === 'member.registerKey') return { ok: true, result: {} };
    return answers[Math.min(index++, answers.length - 1)] ?? { ok: true, result: {} };
  };
}

const acts = (sent: SentCommand[]) => sent.filter((s) => s.command.type !== 'member.registerKey');
const mediatorPanel = () => screen.getByRole('region', { name: 'With the mediator' });
const box = () => within(mediatorPanel()).getByRole('textbox', { name: 'Message to the mediator' });

describe('a draft is neither lost nor sent twice', () => {
  it('[WEB1] a send that failed and is retried clears the box, and "Sent" shows on the message itself, once', async () => {
    const { f, events } = northRoom();
    const { sent, rerenderWith } = renderWithTalks(<PartyRoom />, {
      me: head,
      events,
      answer: scripted(failure('INTERNAL'), { ok: true, result: { messageId: 'm-retried' } }),
    });
    await userEvent.type(box(), 'We can meet on Monday.');
    await userEvent.click(within(mediatorPanel()).getByRole('button', { name: 'Send' }));
    expect(within(mediatorPanel()).getByText(/Not done: Something went wrong/)).toBeTruthy();
    expect((box() as HTMLTextAreaElement).value).toBe('We can meet on Monday.');

    await userEvent.click(within(mediatorPanel()).getByRole('button', { name: 'Retry' }));
    const posts = acts(sent);
    expect(posts).toHaveLength(2);
    expect(posts[1]?.commandId).toBe(posts[0]?.commandId);
    expect((box() as HTMLTextAreaElement).value).toBe('');
    expect(within(mediatorPanel()).queryByRole('button', { name: 'Retry' })).toBeNull();

    rerenderWith([
      ...events,
      f.event(
        'message.posted',
        `room:${NORTH}`,
        { messageId: 'm-retried', channel: 'room', partyId: NORTH, text: 'We can meet on Monday.' },
        NORTH_HEAD,
      ),
    ]);
    const list = within(mediatorPanel()).getByRole('list', { name: 'With the mediator' });
    const message = within(list).getByText('We can meet on Monday.').closest('li');
    expect(message).not.toBeNull();
    expect(within(message as HTMLElement).getByTestId('sent-mark').textContent).toContain('Sent');
    expect(within(mediatorPanel()).getAllByText(/Sent/)).toHaveLength(1);
  });

  it('[WEB1] once the failed text is edited, Retry is gone and Send sends the new text as a new command', async () => {
    const { events } = northRoom();
    const { sent } = renderWithTalks(<PartyRoom />, {
      me: head,
      events,
      answer: scripted(failure('INTERNAL'), { ok: true, result: { messageId: 'm-edited' } }),
    });
    await userEvent.type(box(), 'Monday');
    await userEvent.click(within(mediatorPanel()).getByRole('button', { name: 'Send' }));
    await userEvent.type(box(), ' or Tuesday');
    expect(within(mediatorPanel()).queryByRole('button', { name: 'Retry' })).toBeNull();
    await userEvent.click(within(mediatorPanel()).getByRole('button', { name: 'Send' }));
    const posts = acts(sent);
    expect(posts[1]?.commandId).not.toBe(posts[0]?.commandId);
    expect(posts[1]?.command).toEqual({
      type: 'message.post',
      payload: { audience: 'room', text: 'Monday or Tuesday' },
    });
    expect((box() as HTMLTextAreaElement).value).toBe('');
  });

  it('[WEB1] every form clears its draft after a successful Retry: a position for the mediator', async () => {
    const { events } = northRoom();
    const { sent } = renderWithTalks(<PartyRoom />, {
      me: head,
      events,
      answer: scripted(failure('INTERNAL'), { ok: true, result: { submissionId: 's1' } }),
    });
    const panel = screen.getByRole('region', { name: 'Submit a position' });
    const text = within(panel).getByRole('textbox');
    await userEvent.type(text, 'Open the port in May.');
    await userEvent.click(within(panel).getByRole('radio', { name: /^Conveyable/ }));
    await userEvent.click(within(panel).getByRole('button', { name: 'Submit to the mediator' }));
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    const submissions = acts(sent).filter((s) => s.command.type === 'submission.create');
    expect(submissions).toHaveLength(2);
    expect(submissions[1]?.commandId).toBe(submissions[0]?.commandId);
    expect((text as HTMLTextAreaElement).value).toBe('');
  });

  it('[WEB1] every form clears its draft after a successful Retry: an answer to a proposal', async () => {
    const { events } = northRoom();
    const { sent } = renderWithTalks(<PartyRoom />, {
      me: head,
      events,
      answer: scripted(failure('INTERNAL'), { ok: true, result: { responseId: 'r1' } }),
    });
    const proposals = screen.getByRole('region', { name: 'Proposals from the mediator' });
    await userEvent.click(within(proposals).getByRole('button', { name: /^Counter/ }));
    const form = within(proposals).getByRole('form');
    await userEvent.type(within(form).getByRole('textbox'), 'Only with a neutral chair.');
    await userEvent.click(within(form).getByRole('radio', { name: /^Conveyable/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Send counter-proposal' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Retry' }));
    const responses = acts(sent).filter((s) => s.command.type === 'response.create');
    expect(responses).toHaveLength(2);
    expect(responses[1]?.commandId).toBe(responses[0]?.commandId);
    // The answer went through: the form closes, nothing is left to send again.
    await waitFor(() => expect(within(proposals).queryByRole('form')).toBeNull());
  });
});

describe('the client rides out a store outage', () => {
  it('[WEB2] keeps the draft, says in plain words that the server cannot save, and resends the same command after retryAfterMs', async () => {
    const { events } = northRoom();
    const { sent } = renderWithTalks(<PartyRoom />, {
      me: head,
      events,
      answer: scripted(failure('UNAVAILABLE', 300), { ok: true, result: { messageId: 'm-outage' } }),
    });
    await userEvent.type(box(), 'Keep this safe.');
    await userEvent.click(within(mediatorPanel()).getByRole('button', { name: 'Send' }));
    const waiting = within(mediatorPanel()).getByTestId('waiting-for-server');
    expect(waiting.textContent).toBe(
      'Waiting for the server: it cannot save right now. Nothing is lost: this stays here and is sent by itself when the server is back.',
    );
    expect((box() as HTMLTextAreaElement).value).toBe('Keep this safe.');
    expect((box() as HTMLTextAreaElement).readOnly).toBe(true);
    expect(within(mediatorPanel()).queryByRole('button', { name: 'Retry' })).toBeNull();

    await waitFor(() => expect((box() as HTMLTextAreaElement).value).toBe(''));
    const posts = acts(sent);
    expect(posts).toHaveLength(2);
    expect(posts[1]?.commandId).toBe(posts[0]?.commandId);
    expect(within(mediatorPanel()).queryByTestId('waiting-for-server')).toBeNull();
  });

  it('[WEB2] holds a draft sent while the connection is down and sends it once the connection is live', async () => {
    const { events } = northRoom();
    const { sent, rerenderWith } = renderWithTalks(<PartyRoom />, {
      me: head,
      events,
      status: 'reconnecting',
      answer: () => ({ ok: true, result: { messageId: 'm-later' } }),
    });
    await userEvent.type(box(), 'Sent while offline.');
    await userEvent.click(within(mediatorPanel()).getByRole('button', { name: 'Send' }));
    expect(within(mediatorPanel()).getByTestId('waiting-for-server').textContent).toContain(
      'it cannot be reached right now',
    );
    expect(acts(sent)).toHaveLength(0);
    expect((box() as HTMLTextAreaElement).value).toBe('Sent while offline.');

    rerenderWith(events, 'online');
    await waitFor(() => expect((box() as HTMLTextAreaElement).value).toBe(''));
    expect(acts(sent)).toHaveLength(1);
  });

  it('[WEB2] an unanswered command is sent again, with the same commandId, until the server answers', async () => {
    const { events } = northRoom();
    const { sent } = renderWithTalks(<PartyRoom />, {
      me: head,
      events,
      answer: scripted(failure('NO_ANSWER'), { ok: true, result: { messageId: 'm-answered' } }),
    });
    await userEvent.type(box(), 'Are you there?');
    await userEvent.click(within(mediatorPanel()).getByRole('button', { name: 'Send' }));
    expect(within(mediatorPanel()).getByTestId('waiting-for-server')).toBeTruthy();
    await waitFor(() => expect((box() as HTMLTextAreaElement).value).toBe(''), { timeout: 3_000 });
    const posts = acts(sent);
    expect(posts).toHaveLength(2);
    expect(posts[1]?.commandId).toBe(posts[0]?.commandId);
  });

  it('[WEB2] says it in Ukrainian and Russian too', async () => {
    for (const [language, words] of [
      ['uk', 'Чекаємо на сервер'],
      ['ru', 'Ждём сервер'],
    ] as const) {
      const { events } = northRoom();
      renderWithTalks(<PartyRoom />, {
        me: head,
        events,
        language,
        answer: scripted(failure('UNAVAILABLE', 60_000)),
      });
      const text = screen.getAllByRole('textbox')[1] as HTMLTextAreaElement;
      await userEvent.type(text, 'Draft');
      await userEvent.click(within(text.closest('form') as HTMLElement).getByRole('button'));
      expect(screen.getByTestId('waiting-for-server').textContent).toContain(words);
      cleanup();
    }
  });
});
