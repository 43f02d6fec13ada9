import { act, cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import type { SessionGrant } from '../../shared/src/protocol.js';
import { clearSession, saveSession } from '../../client/src/api/session-storage.js';
import { App } from '../../client/src/App.js';
import { i18n, initI18n } from '../../client/src/i18n/index.js';
import { EventFactory } from './support/events.js';
import { FakeTransport } from './support/fake-transport.js';
import { member } from './support/render.js';

afterEach(() => {
  cleanup();
  clearSession();
  localStorage.removeItem('parley.lang');
  window.history.replaceState(null, '', '/');
});

const leadGrant: SessionGrant = {
  token: 't',
  expiresAt: '2999-01-01T00:00:00.000Z',
  refreshToken: 'r',
  refreshExpiresAt: '2999-01-01T00:00:00.000Z',
  member: member('lead-mediator', 'Mara Lind'),
};

function startSignedIn(): FakeTransport {
  initI18n('en');
  saveSession(leadGrant);
  const transport = new FakeTransport();
  transport.pages = [{ events: [new EventFactory().opened('Harbour talks')], more: false }];
  render(
    <I18nextProvider i18n={i18n}>
      <App transportFor={() => transport} />
    </I18nextProvider>,
  );
  act(() => transport.signal({ kind: 'connected' }));
  return transport;
}

describe('the app', () => {
  it('opens the console for a stored mediator session and shows the connection is live', async () => {
    startSignedIn();
    expect(await screen.findByRole('tab', { name: 'Rooms' })).toBeTruthy();
    expect(screen.getByText('Harbour talks')).toBeTruthy();
    expect(await screen.findByText('Live')).toBeTruthy();
  });

  it('shows the connection dropping and coming back', async () => {
    const transport = startSignedIn();
    await screen.findByText('Live');
    act(() => transport.signal({ kind: 'disconnected', byServer: false }));
    expect(screen.getByText('Offline, reconnecting…')).toBeTruthy();
    act(() => transport.signal({ kind: 'connected' }));
    expect(await screen.findByText('Live')).toBeTruthy();
  });

  it('switches the interface to Ukrainian and remembers the choice', async () => {
    startSignedIn();
    await screen.findByRole('tab', { name: 'Rooms' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'uk');
    expect(await screen.findByRole('tab', { name: 'Кімнати' })).toBeTruthy();
    expect(localStorage.getItem('parley.lang')).toBe('uk');
    expect(document.documentElement.lang).toBe('uk');
  });

  it('[MB8] signs out only after a confirmation: forgets the session and returns to the join page', async () => {
    startSignedIn();
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    // Asked first: cancelling keeps the session.
    const question = screen.getByRole('group', { name: 'Confirm signing out' });
    expect(question.textContent).toContain('new link from the lead mediator');
    await userEvent.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(localStorage.getItem('parley.session')).not.toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await userEvent.click(within(screen.getByRole('group', { name: 'Confirm signing out' })).getByRole('button', { name: 'Sign out' }));
    expect(screen.getByRole('heading', { name: 'Join the talks' })).toBeTruthy();
    expect(screen.getByText(/You have signed out/)).toBeTruthy();
    expect(localStorage.getItem('parley.session')).toBeNull();
  });

  it('tells a removed member so, and signs them out', async () => {
    const transport = startSignedIn();
    await screen.findByRole('tab', { name: 'Rooms' });
    act(() => transport.signal({ kind: 'closing', reason: { code: 'FORBIDDEN', message: 'removed' } }));
    expect(await screen.findByText(/The lead mediator removed you from these talks/)).toBeTruthy();
    expect(localStorage.getItem('parley.session')).toBeNull();
  });

  it('[OPS2] closed for a newer window: says so in plain words, keeps the session, and reconnects only when asked', async () => {
    const transport = startSignedIn();
    await screen.findByRole('tab', { name: 'Rooms' });
    act(() => transport.signal({ kind: 'closing', reason: { code: 'RATE_LIMITED', message: 'opened elsewhere' } }));
    expect(await screen.findByRole('heading', { name: 'Parley is open in another window' })).toBeTruthy();
    expect(transport.opened).toBe(1);
    expect(localStorage.getItem('parley.session')).not.toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Continue in this window' }));
    expect(transport.opened).toBe(2);
    act(() => transport.signal({ kind: 'connected' }));
    expect(await screen.findByRole('tab', { name: 'Rooms' })).toBeTruthy();
  });

  it('opens the join page for an invite link, even when signed in', () => {
    initI18n('en');
    saveSession(leadGrant);
    window.history.replaceState(null, '', '/join?code=abc');
    render(
      <I18nextProvider i18n={i18n}>
        <App transportFor={() => new FakeTransport()} />
      </I18nextProvider>,
    );
    expect(screen.getByRole('heading', { name: 'Join the talks' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Continue as Mara Lind' })).toBeTruthy();
  });
});
