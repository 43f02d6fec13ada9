import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionGrant } from '../../shared/src/protocol.js';
import { openCast, type Cast } from '../support/server.js';
import { launchChromium, openWindow, screenshot } from './support/browser.js';
import { startParleyWithClient, type ParleyUnderTest } from './support/parley.js';

// Drafts in Chromium: a send whose answer failed, retried, clears the box and shows
// "Sent" once, with the message stored once ([WEB1], issue 15 item 7); a draft sent
// while the server is down waits, in plain words, and goes out by itself once the
// server is back, stored once ([WEB2], issue 18 item 7).

let parley: ParleyUnderTest;
let browser: Browser;
let cast: Cast;

beforeAll(async () => {
  parley = await startParleyWithClient();
  browser = await launchChromium();
  cast = await openCast(parley.server);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await parley?.close();
});

/** A head's session made over HTTP, as the invite link would. */
async function headGrant(name: string, partyId: string): Promise<SessionGrant> {
  const invited = await cast.lead.command<{ code: string }>('member.invite', { role: 'head', partyId });
  if (!invited.ok) throw new Error(invited.error.message);
  return parley.server.join(invited.result.code, name);
}

async function openAs(grant: SessionGrant, before?: (page: Page) => Promise<void>): Promise<Page> {
  const { page } = await openWindow(browser, { width: 390, height: 844 });
  await page.goto(`${parley.url}/help/verify-agreement`);
  await page.evaluate((value) => localStorage.setItem('parley.session', value), JSON.stringify(grant));
  await before?.(page);
  await page.goto(parley.url);
  await page.getByText('Live', { exact: true }).waitFor();
  return page;
}

/** How many times a text is stored, read as the lead mediator from a fresh sync. */
async function storedCount(text: string): Promise<number> {
  const lead = await parley.server.connect(cast.lead.grant.token);
  const answer = await lead.sync({});
  lead.close();
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.result.events.filter(
    (event) => event.type === 'message.posted' && (event.payload as { text: string }).text === text,
  ).length;
}

/**
 * Lets every frame through, but swaps the server's answer to the first `message.post`
 * for an INTERNAL failure: the message IS stored, the browser is told it failed, as
 * when an answer is lost or garbled on the way.
 */
function failFirstAnswer(ws: WebSocketRoute): void {
  const server = ws.connectToServer();
  let swapped: string | null = null;
  ws.onMessage((frame) => {
    const text = typeof frame === 'string' ? frame : frame.toString('utf8');
    const ack = /^42(\d+)\["command",.*"type":"message\.post"/.exec(text);
    if (ack && swapped === null) swapped = ack[1] ?? null;
    server.send(frame);
  });
  server.onMessage((frame) => {
    const text = typeof frame === 'string' ? frame : frame.toString('utf8');
    if (swapped !== null && text.startsWith(`43${swapped}[`)) {
      ws.send(`43${swapped}[{"ok":false,"error":{"code":"INTERNAL","message":"Something went wrong."}}]`);
      swapped = '';
      return;
    }
    ws.send(frame);
  });
}

describe('a draft in Chromium', () => {
  it('[WEB1] a failed send, retried, clears the box and shows "Sent" once; the message is stored once', async () => {
    const page = await openAs(await headGrant('Nils North', cast.partyA), (p) =>
      p.routeWebSocket(/socket\.io/, failFirstAnswer),
    );
    const panel = page.getByRole('region', { name: 'With the mediator' });
    const box = panel.getByRole('textbox', { name: 'Message to the mediator' });
    await box.fill('We could meet on Monday.');
    await panel.getByRole('button', { name: 'Send' }).click();
    await panel.getByText(/^Not done: Something went wrong on the server/).waitFor();
    expect(await box.inputValue()).toBe('We could meet on Monday.');
    await panel.getByRole('button', { name: 'Retry' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/drafts-send-failed.png' });

    await panel.getByRole('button', { name: 'Retry' }).click();
    const list = panel.getByRole('list', { name: 'With the mediator' });
    await list.getByText('We could meet on Monday.').waitFor();
    await list.getByTestId('sent-mark').waitFor();
    expect(await box.inputValue()).toBe('');
    expect(await list.getByText('We could meet on Monday.').count()).toBe(1);
    expect(await panel.getByText(/^✓ Sent$|^Sent\.?$/).count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await list.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/drafts-retried-sent.png' });
    expect(await storedCount('We could meet on Monday.')).toBe(1);
    await page.context().close();
  });

  it('[WEB2] a draft sent while the server is down waits in plain words and is sent once the server is back', async () => {
    const page = await openAs(await headGrant('Sofia South', cast.partyB));
    const panel = page.getByRole('region', { name: 'With the mediator' });
    const box = panel.getByRole('textbox', { name: 'Message to the mediator' });

    // The server shuts down as for a deploy: it closes every connection.
    await parley.server.stop();
    await page.getByText('Reconnecting…', { exact: false }).first().waitFor();
    await box.fill('Written during the outage.');
    await panel.getByRole('button', { name: 'Send' }).click();
    const waiting = panel.getByTestId('waiting-for-server');
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain('Nothing is lost');
    expect(await box.inputValue()).toBe('Written during the outage.');
    await waiting.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/drafts-waiting-for-server.png' });

    await parley.server.start();
    // The page reconnects by itself and sends the draft; the box empties once it is stored.
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    const list = panel.getByRole('list', { name: 'With the mediator' });
    await list.getByText('Written during the outage.').waitFor({ timeout: 30_000 });
    await list.getByTestId('sent-mark').waitFor();
    expect(await box.inputValue()).toBe('');
    expect(await panel.getByTestId('waiting-for-server').count()).toBe(0);
    await list.scrollIntoViewIfNeeded();
    await screenshot(page, 'drafts-sent-after-outage');
    expect(await storedCount('Written during the outage.')).toBe(1);
    await page.context().close();
  });
});
