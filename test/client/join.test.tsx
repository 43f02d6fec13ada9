import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionGrant } from '../../shared/src/protocol.js';
import { HttpError } from '../../client/src/api/http.js';
import { inviteCodeFrom } from '../../client/src/features/join/invite-code.js';
import { JoinPage } from '../../client/src/features/join/JoinPage.js';
import { initI18n } from '../../client/src/i18n/index.js';
import { member } from './support/render.js';

afterEach(cleanup);

const grant: SessionGrant = {
  token: 't',
  expiresAt: '2999-01-01T00:00:00.000Z',
  refreshToken: 'r',
  refreshExpiresAt: '2999-01-01T00:00:00.000Z',
  member: member('head', 'Nils North'),
};

describe('joining by invite link', () => {
  it('asks for a display name and lets the person in with the link’s code', async () => {
    initI18n('en');
    const calls: [string, string][] = [];
    const joined: SessionGrant[] = [];
    render(
      <JoinPage
        code="abc123"
        onJoined={(g) => joined.push(g)}
        redeem={(code, name) => {
          calls.push([code, name]);
          return Promise.resolve(grant);
        }}
      />,
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Your name, as the others will see it' }),
      '  Nils North ',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(calls).toEqual([['abc123', 'Nils North']]);
    expect(joined).toEqual([grant]);
  });

  it('explains a wrong or used link in plain words', async () => {
    initI18n('en');
    render(
      <JoinPage
        code="used"
        onJoined={() => undefined}
        redeem={() => Promise.reject(new HttpError('INVITE_INVALID', 'x'))}
      />,
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Your name, as the others will see it' }),
      'Nils',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /already used, revoked or expired\. Ask the mediator for a new one\./,
    );
  });

  it('says so when the server cannot be reached', async () => {
    initI18n('en');
    render(
      <JoinPage
        code="c"
        onJoined={() => undefined}
        redeem={() => Promise.reject(new HttpError('NETWORK', 'x'))}
      />,
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Your name, as the others will see it' }),
      'Nils',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be reached/);
  });

  it('asks for the link itself when opened without one', async () => {
    initI18n('en');
    const calls: string[] = [];
    render(
      <JoinPage
        code={null}
        onJoined={() => undefined}
        redeem={(code) => {
          calls.push(code);
          return Promise.resolve(grant);
        }}
      />,
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Your invite link' }),
      'https://parley.example/join?code=xyz%2B1',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Your name, as the others will see it' }),
      'Nils',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(calls).toEqual(['xyz+1']);
  });

  it('reads the code from a link, a path fragment, or a bare code', () => {
    expect(inviteCodeFrom('http://localhost:3000/join?code=AbC')).toBe('AbC');
    expect(inviteCodeFrom('/join?code=AbC&x=1')).toBe('AbC');
    expect(inviteCodeFrom('  AbC  ')).toBe('AbC');
  });
});

describe('[MB10] the join page says what the link is for', () => {
  it('[MB10] names the talks, the role and the party before anyone types', async () => {
    initI18n('en');
    render(
      <JoinPage
        code="abc123"
        onJoined={() => undefined}
        redeem={() => Promise.resolve(grant)}
        preview={() => Promise.resolve({ talksTitle: 'River talks', role: 'delegate', partyName: 'Northland', memberName: null })}
      />,
    );
    expect((await screen.findByTestId('join-invite')).textContent).toBe(
      'You are invited to “River talks” as Delegate of Northland.',
    );
  });

  it('[MB8] a re-entry link signs in as its member, without asking for a name', async () => {
    initI18n('en');
    const calls: [string, string][] = [];
    render(
      <JoinPage
        code="again"
        onJoined={() => undefined}
        redeem={(code, name) => {
          calls.push([code, name]);
          return Promise.resolve(grant);
        }}
        preview={() => Promise.resolve({ talksTitle: 'River talks', role: 'head', partyName: 'Northland', memberName: 'Jean Moreau' })}
      />,
    );
    expect((await screen.findByTestId('join-invite')).textContent).toContain('as Jean Moreau');
    expect(screen.queryByRole('textbox', { name: 'Your name, as the others will see it' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(calls).toEqual([['again', 'Jean Moreau']]);
  });

  it('[MB9] a name already in use points to the re-entry link', async () => {
    initI18n('en');
    render(
      <JoinPage code="abc" onJoined={() => undefined} redeem={() => Promise.reject(new HttpError('INVALID_INPUT', 'x'))} preview={() => new Promise(() => undefined)} />,
    );
    await userEvent.type(screen.getByRole('textbox', { name: 'Your name, as the others will see it' }), 'Jean Moreau');
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect((await screen.findByRole('alert')).textContent).toContain('re-entry link');
  });
});
