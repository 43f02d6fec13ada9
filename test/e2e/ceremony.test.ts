import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionGrant } from '../../shared/src/protocol.js';
import { agreedTalks, signAsHead, type SignedTalks } from '../agreement/signed-talks.js';
import { launchChromium, openWindow, screenshot } from './support/browser.js';
import { startParleyWithClient, type ParleyUnderTest } from './support/parley.js';

// Issue 15 item 14 in Chromium: the signing ceremony's consent step ([SIG6]), plain words
// instead of a command line for heads and observers ([SIG7]), and a header that leaves a
// phone's screen to the talks ([WEB3]).

let parley: ParleyUnderTest;
let browser: Browser;
let talks: SignedTalks;

beforeAll(async () => {
  parley = await startParleyWithClient();
  browser = await launchChromium();
  // An agreed package with no signature yet, driven over real sockets.
  talks = await agreedTalks(parley.server, []);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await parley?.close();
});

const PHONE = { width: 390, height: 844 };
const ZOOMED = { width: 683, height: 450 };

/** Whether the page itself scrolls sideways (wide columns scroll inside their own strip). */
const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

/** Opens the app signed in as a member whose session was made outside the browser. */
async function openAs(grant: SessionGrant, viewport = PHONE): Promise<Page> {
  const { page } = await openWindow(browser, viewport);
  await page.goto(`${parley.url}/help/verify-agreement`);
  await page.evaluate((value) => localStorage.setItem('parley.session', value), JSON.stringify(grant));
  await page.goto(parley.url);
  await page.getByText('Live', { exact: true }).waitFor();
  return page;
}

/** The fixed header's share of the viewport's height. */
async function headerShare(page: Page): Promise<number> {
  const box = await page.locator('header.app-header').boundingBox();
  const height = page.viewportSize()?.height ?? 1;
  return (box?.height ?? height) / height;
}

describe('the header on a phone', () => {
  it('[WEB3] takes less than 12% of a 390x844 screen in every view', async () => {
    const views: [string, SessionGrant][] = [
      ['header-phone-lead', talks.cast.lead.grant],
      ['header-phone-head', talks.heads.B.grant],
      ['header-phone-delegate', talks.delegateA.grant],
      ['header-phone-observer', talks.observer.grant],
    ];
    for (const [name, grant] of views) {
      const page = await openAs(grant);
      await page.screenshot({ path: `test-results/${name}.png` });
      expect(await headerShare(page), name).toBeLessThan(0.12);
      expect(await overflowsSideways(page), name).toBe(false);
      await page.context().close();
    }
  });

  it('[WEB3] at 200% zoom (a 1366x900 window shows 683x450 CSS pixels) the header scrolls away and nothing overflows', async () => {
    for (const [name, grant] of [
      ['zoom-200-head', talks.heads.B.grant],
      ['zoom-200-observer', talks.observer.grant],
      ['zoom-200-lead', talks.cast.lead.grant],
    ] as [string, SessionGrant][]) {
      const page = await openAs(grant, ZOOMED);
      await page.screenshot({ path: `test-results/${name}.png` });
      expect(await overflowsSideways(page), name).toBe(false);
      await page.evaluate(() => window.scrollTo(0, 400));
      const box = await page.locator('header.app-header').boundingBox();
      // Scrolled past, the header no longer covers the page.
      expect((box?.y ?? 0) + (box?.height ?? 0), name).toBeLessThanOrEqual(0);
      await page.context().close();
    }
  });
});

describe('the signing ceremony', () => {
  it('[SIG6] shows title, version and hash, and signs only after the head confirms by name and party', async () => {
    const page = await openAs(talks.heads.A.grant);
    await page.getByRole('tab', { name: 'Agreement', exact: true }).click();
    const signing = page.getByTestId('signing');
    await signing.getByText('Your signing key is ready in this browser.').waitFor();
    const hash = (await signing.getByTestId('signing-text-hash').textContent()) ?? '';
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await signing
      .getByRole('button', { name: `Review and sign version ${talks.version} for Northland…` })
      .click();

    const consent = signing.getByRole('region', { name: 'Check what you are signing' });
    expect(await consent.getByTestId('consent-title').textContent()).toBe('Test talks');
    expect(await consent.getByTestId('consent-version').textContent()).toBe(String(talks.version));
    expect(await consent.getByTestId('consent-hash').textContent()).toBe(hash);
    expect(await consent.getByTestId('consent-party').textContent()).toBe('Northland');
    expect(await consent.getByTestId('consent-signer').textContent()).toBe(
      'Head A, head of the delegation of Northland',
    );
    const confirm = consent.getByRole('button', { name: 'Sign as Head A for Northland' });
    expect(await confirm.isDisabled()).toBe(true);
    await consent.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/signing-consent-phone.png' });
    // Nothing was signed by opening the step.
    expect(await signing.locator('[data-party="Northland"][data-signed="true"]').count()).toBe(0);

    await consent
      .getByRole('checkbox', { name: 'I, Head A, have read this text and sign it on behalf of Northland.' })
      .check();
    await confirm.click();
    await signing
      .locator('[data-testid="party-signature"][data-party="Northland"][data-signed="true"]')
      .getByText('signed by Head A')
      .waitFor();
    await screenshot(page, 'signing-signed');

    // The other head signs (over a socket): the agreement is concluded.
    await signAsHead(talks.heads.B, talks.version, 'EdDSA');
    await page.getByText("Every party's head has signed version").waitFor();

    // [SIG7] Plain words and a guide for the head; no command line anywhere on screen.
    const hint = page.getByTestId('verify-hint');
    await hint.waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/npm |parley --|agreement verify/);
    const [guide] = await Promise.all([
      page.context().waitForEvent('page'),
      hint.getByRole('link', { name: /How to check this file/ }).click(),
    ]);
    await guide.getByRole('heading', { level: 1, name: 'How to check an agreement file' }).waitFor();
    expect(guide.url()).toBe(`${parley.url}/help/verify-agreement`);
    expect(await guide.locator('body').innerText()).not.toMatch(/npm |parley --/);
    await screenshot(guide, 'verify-help-phone');
    await page.context().close();
  });

  it('[SIG7] an observer sees the concluded agreement with plain words and the guide, never a command line', async () => {
    const page = await openAs(talks.observer.grant);
    const concluded = page.getByTestId('gallery-concluded');
    await concluded.waitFor();
    await concluded.getByRole('link', { name: /How to check this file/ }).waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/npm |parley --|agreement verify/);
    await concluded.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/observer-verify-hint-phone.png' });
    await page.context().close();
  });
});
