import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openWindow, screenshot } from './support/browser.js';
import { startParleyWithClient, type ParleyUnderTest } from './support/parley.js';
import { consoleSection, invite, joinWithLink, openConsoleTab } from './support/ui.js';

// Issue 15, items 13 and 14: sign out asks first; the lead issues a re-entry link; the
// member gets back in as the same member (one name in the list) and the old session ends;
// the join page names the talks, the role and the party.

let parley: ParleyUnderTest;
let browser: Browser;

beforeAll(async () => {
  parley = await startParleyWithClient();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await parley?.close();
});

describe('[MB8] signing in again', () => {
  it('[MB8] sign out asks first; a re-entry link brings the same member back and ends the old session', async () => {
    const talks = await parley.server.createTalks({ title: 'Harbour talks', parties: ['Northland', 'Southland'] });
    const { page: lead, context: leadContext } = await openWindow(browser);
    await joinWithLink(lead, `${parley.url}/join?code=${encodeURIComponent(talks.invite.code)}`, 'Mara Lind');
    const link = await invite(lead, 'Head of delegation', 'Northland');

    // [MB10] The join page says what the link is for.
    const { page: head, context: headContext } = await openWindow(browser);
    await head.goto(link);
    const what = head.getByTestId('join-invite');
    await what.waitFor();
    expect(await what.innerText()).toBe('You are invited to “Harbour talks” as Head of delegation of Northland.');
    await screenshot(head, 'i15-14-join-page-names-talks-and-role');
    await head.getByLabel('Your name, as the others will see it').fill('Jean Moreau');
    await head.getByRole('button', { name: 'Join', exact: true }).click();
    await head.getByText('Live', { exact: true }).waitFor();
    const oldSession = await head.evaluate(() => localStorage.getItem('parley.session'));
    const oldToken = (JSON.parse(oldSession ?? '{}') as { token?: string }).token ?? '';
    expect(oldToken).not.toBe('');

    // Sign out asks first.
    await head.getByRole('button', { name: 'Sign out' }).click();
    const question = head.getByRole('group', { name: 'Confirm signing out' });
    await question.waitFor();
    await screenshot(head, 'i15-13-sign-out-asks-first');
    await question.getByRole('button', { name: 'Sign out' }).click();
    await head.getByRole('heading', { name: 'Join the talks' }).waitFor();

    // The lead issues a re-entry link for the same member.
    await openConsoleTab(lead, 'Phase & members');
    const section = consoleSection(lead);
    await section.getByRole('button', { name: 'Re-entry link for Jean Moreau' }).click();
    const reentry = await section.getByRole('textbox', { name: 'Re-entry link for Jean Moreau' }).inputValue();
    await screenshot(lead, 'i15-13-lead-issues-reentry-link');

    await head.goto(reentry);
    await head.getByTestId('join-invite').waitFor();
    expect(await head.getByTestId('join-invite').innerText()).toContain('as Jean Moreau');
    await head.getByRole('button', { name: 'Sign in again' }).click();
    await head.getByText('Live', { exact: true }).waitFor();
    await screenshot(head, 'i15-13-member-back-in');

    // One Jean Moreau in the members list, and the session before is over.
    await lead.reload();
    await lead.getByText('Live', { exact: true }).waitFor();
    await openConsoleTab(lead, 'Phase & members');
    await consoleSection(lead).getByText('Jean Moreau', { exact: true }).first().waitFor();
    expect(await consoleSection(lead).getByText('Jean Moreau', { exact: true }).count()).toBe(1);
    await screenshot(lead, 'i15-13-one-member-in-the-list');
    await expect(parley.server.connect(oldToken)).rejects.toThrow('UNAUTHENTICATED');

    await Promise.all([leadContext.close(), headContext.close()]);
  });
});
