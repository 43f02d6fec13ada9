import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftClause, draftedClause, setClauseState } from './support/agreement-ui.js';
import { launchChromium, openWindow, screenshot } from './support/browser.js';
import { startParleyWithClient, type ParleyUnderTest } from './support/parley.js';
import { cardWith, changePhase, consoleSection, invite, joinWithLink, openConsoleTab } from './support/ui.js';

// Issue 15, items 2, 4 and 11, in Chromium: a conveyable text is conveyed in the
// mediator's own words ([DIS5]); a bracket resolved keeps the clause's opening text
// ([TXT2]); what the phase forbids is disabled with the reason, a refusal offers no
// Retry, and the dialog keeps focus and Escape ([PH2]).

const POSITION = 'Northland could reopen the harbour in May if the blockade is lifted first.';
const OWN_WORDS = 'Northland signals it could reopen the harbour in late spring, on conditions.';
const OPENING = 'During the dry season, the water of the Blue River shall be shared as follows:';

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

describe('the shuttle’s rules in the console, in Chromium', () => {
  it('conveys in own words only, disables what the phase forbids, offers no Retry on refusals, and keeps a clause’s opening text', async () => {
    const talks = await parley.server.createTalks({ title: 'Harbour talks', parties: ['Northland', 'Southland'] });
    const [leadWindow, headWindow] = await Promise.all([openWindow(browser), openWindow(browser)]);
    const lead = leadWindow.page;
    const headA: Page = headWindow.page;
    await joinWithLink(lead, `${parley.url}/join?code=${encodeURIComponent(talks.invite.code)}`, 'Mara Lind');
    const linkA = await invite(lead, 'Head of delegation', 'Northland');
    await joinWithLink(headA, linkA, 'Nils North');

    const submit = headA.getByRole('region', { name: 'Submit a position' });
    await submit.getByLabel('Your position').fill(POSITION);
    await submit.getByRole('radio', { name: 'Conveyable' }).check();
    await submit.getByRole('button', { name: 'Submit to the mediator' }).click();
    await headA.getByRole('region', { name: 'Our submissions' }).getByText(POSITION).waitFor();

    // [PH2] In preparation, Convey is disabled with the reason, before anyone types.
    const reason =
      'Proposals can be conveyed and answered only in Pre-negotiation or Negotiation. The talks is in Preparation now.';
    await openConsoleTab(lead, /Inbox/);
    const card = cardWith(consoleSection(lead), POSITION);
    expect(await card.getByRole('button', { name: 'Convey to…' }).isDisabled()).toBe(true);
    await card.getByText(reason).waitFor();
    await screenshot(lead, 'i15-convey-disabled-in-preparation');
    await openConsoleTab(lead, 'Rooms');
    const room = lead.getByRole('region', { name: 'Room of Southland' });
    expect(await room.getByRole('button', { name: /proposal/i }).isDisabled()).toBe(true);

    await changePhase(lead, 'Pre-negotiation');

    // [DIS5] The dialog starts empty, with the party's words beside it.
    await openConsoleTab(lead, /Inbox/);
    await card.getByRole('button', { name: 'Convey to…' }).click();
    const dialog = lead.getByRole('dialog', { name: 'Convey to Southland' });
    const text = dialog.getByLabel('Text that Southland will read');
    expect(await text.inputValue()).toBe('');
    await dialog.getByRole('complementary', { name: 'What Northland said' }).getByText(POSITION).waitFor();
    await screenshot(lead, 'i15-convey-dialog-empty-with-source');

    // Pasting the source warns; sending it anyway is refused in plain words, with no Retry.
    await text.fill(`Dear Southland: ${POSITION}`);
    await dialog.getByText(/Your draft still copies 13 words in a row/).waitFor();
    await screenshot(lead, 'i15-convey-copy-warning');
    await dialog.getByRole('button', { name: 'Review…' }).click();
    await dialog.getByRole('button', { name: 'Yes, convey to Southland' }).click();
    await dialog.getByText(/Not sent: the text repeats the party's own words/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await screenshot(lead, 'i15-convey-refused-verbatim');
    expect(await lead.evaluate(() => document.querySelector('[role="dialog"]')?.contains(document.activeElement))).toBe(true);
    await lead.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // [PH2] The phase changes (in another tab) while the dialog is open: the refusal offers no Retry,
    // focus stays in the dialog, and Escape closes it.
    await card.getByRole('button', { name: 'Convey to…' }).click();
    await text.fill(OWN_WORDS);
    await dialog.getByRole('button', { name: 'Review…' }).click();
    const otherTab = await lead.context().newPage();
    await otherTab.goto(parley.url);
    await changePhase(otherTab, 'Preparation');
    await dialog.getByText(reason).waitFor();
    await dialog.getByRole('button', { name: 'Yes, convey to Southland' }).click();
    await dialog.getByText(/Not done: This is not possible in the current phase/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: 'Cancel' }).count()).toBe(1);
    await screenshot(lead, 'i15-convey-phase-no-retry');
    expect(await lead.evaluate(() => document.querySelector('[role="dialog"]')?.contains(document.activeElement))).toBe(true);
    await lead.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // [TXT2] Resolving a bracket keeps the clause's opening text.
    await changePhase(otherTab, 'Pre-negotiation');
    await otherTab.close();
    await openConsoleTab(lead, /Agreement/);
    await draftClause(lead, 1, {
      en: OPENING,
      alternatives: ['equally between the Parties.', 'in proportion to the irrigated land of each Party.'],
    });
    const clause = draftedClause(lead, 1);
    const form = clause.getByRole('form', { name: 'State of clause 1' });
    await form.getByLabel('New state').selectOption({ label: 'Open' });
    await form.getByRole('radio', { name: /^\[B\]/ }).check();
    await clause.getByTestId('clause-1-result').getByText(`${OPENING} in proportion to the irrigated land of each Party.`).waitFor();
    await screenshot(lead, 'i15-bracket-choice-preview');
    await setClauseState(lead, 1, 'Open', 'B');
    await clause.getByText(`${OPENING} in proportion to the irrigated land of each Party.`, { exact: true }).first().waitFor();
    await screenshot(lead, 'i15-bracket-resolved-keeps-opening');
  });
});
