import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openWindow } from './support/browser.js';
import { startParleyWithClient, type ParleyUnderTest } from './support/parley.js';
import { invite, joinWithLink } from './support/ui.js';

// After the server restarts, every page reconnects on its own, resumes from its
// cursors, and shows each message exactly once.

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

describe('reconnecting after the server restarts', () => {
  it('resumes live and shows nothing twice', async () => {
    const talks = await parley.server.createTalks({
      title: 'Harbour talks',
      parties: ['Northland', 'Southland'],
    });
    const { page: lead, context: leadContext } = await openWindow(browser);
    await joinWithLink(lead, `${parley.url}/join?code=${encodeURIComponent(talks.invite.code)}`, 'Mara Lind');
    const link = await invite(lead, 'Head of delegation', 'Northland');
    const { page: head, context: headContext } = await openWindow(browser);
    await joinWithLink(head, link, 'Nils North');

    const withMediator = head.getByRole('region', { name: 'With the mediator' });
    await withMediator.getByLabel('Message to the mediator').fill('Before the restart.');
    await withMediator.getByRole('button', { name: 'Send' }).click();
    const messages = withMediator.getByRole('list', { name: 'With the mediator' });
    await messages.getByText('Before the restart.').waitFor();

    await parley.server.restart();
    await head.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    await lead.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });

    await lead.getByRole('tab', { name: 'Rooms' }).click();
    const room = lead.getByRole('region', { name: 'Room of Northland' });
    await room.getByLabel("Message to Northland's room").fill('After the restart.');
    await room.getByRole('button', { name: 'Send' }).click();

    await messages.getByText('After the restart.').waitFor();
    expect(await messages.getByText('Before the restart.').count()).toBe(1);
    expect(await messages.getByText('After the restart.').count()).toBe(1);
    expect(await room.getByRole('list').getByText('Before the restart.').count()).toBe(1);

    await Promise.all([leadContext.close(), headContext.close()]);
  });
});
