import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openWindow, screenshot } from './support/browser.js';
import { startParleyWithClient, type ParleyUnderTest } from './support/parley.js';
import { cardWith, changePhase, consoleSection, invite, joinWithLink, openConsoleTab } from './support/ui.js';

// Four people in four browser profiles play one full round of the shuttle
// through the UI only: submit, convey, counter, convey back, summarise,
// approve, publish, and the observer reads it.

const CAUCUS_SECRET = 'Between us: we could live with June.';
const MEDIATOR_ONLY_SECRET = 'Our real red line is a 3 km buffer.';
const POSITION = 'Northland could reopen the harbour in May.';
const CONVEYED_TO_B = 'Northland is ready to reopen the harbour in spring.';
const COUNTER = 'Southland proposes April, with joint inspections.';
const CONVEYED_TO_A = 'Southland suggests an earlier date, with joint inspections.';
const SUMMARY = 'Both parties agree to reopen the harbour in spring with joint inspections.';

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

/** Everything a page shows, to prove what it never shows. */
const pageText = (page: Page): Promise<string> => page.locator('body').innerText();

describe('a full round through the web app, in Chromium', () => {
  it('A submits, the mediator conveys to B, B counters, the mediator conveys to A, both heads approve, the observer reads the published summary', async () => {
    const talks = await parley.server.createTalks({
      title: 'Harbour talks',
      parties: ['Northland', 'Southland'],
    });
    const windows = await Promise.all([
      openWindow(browser),
      openWindow(browser),
      openWindow(browser),
      openWindow(browser, { width: 1024, height: 768 }),
    ]);
    const [lead, headA, headB, observer] = windows.map((w) => w.page) as [Page, Page, Page, Page];

    // The lead mediator joins from the link the command line printed.
    await lead.goto(`${parley.url}/join?code=${encodeURIComponent(talks.invite.code)}`);
    await screenshot(lead, 'join-page');
    await joinWithLink(lead, `${parley.url}/join?code=${encodeURIComponent(talks.invite.code)}`, 'Mara Lind');

    const linkA = await invite(lead, 'Head of delegation', 'Northland');
    const linkB = await invite(lead, 'Head of delegation', 'Southland');
    const linkObserver = await invite(lead, 'Observer', 'Northland');
    expect(linkA.startsWith(`${parley.url}/join?code=`)).toBe(true);
    await screenshot(lead, 'console-members');
    await changePhase(lead, 'Pre-negotiation');

    await joinWithLink(headA, linkA, 'Nils North');
    await joinWithLink(headB, linkB, 'Sofia South');
    await joinWithLink(observer, linkObserver, 'Olga Observer');

    // A deliberates in its caucus, then submits one secret and one conveyable position.
    const caucus = headA.getByRole('region', { name: 'Caucus' });
    await caucus.getByText('Visible to: your delegation only').waitFor();
    await caucus.getByLabel('Message to your delegation').fill(CAUCUS_SECRET);
    await caucus.getByRole('button', { name: 'Send' }).click();
    await caucus.getByRole('list').getByText(CAUCUS_SECRET).waitFor();

    const submit = headA.getByRole('region', { name: 'Submit a position' });
    await submit.getByLabel('Your position').fill(MEDIATOR_ONLY_SECRET);
    await submit.getByRole('radio', { name: 'Mediator only' }).check();
    await submit.getByRole('button', { name: 'Submit to the mediator' }).click();
    await submit.getByText('Submitted to the mediator.').waitFor();
    await submit.getByLabel('Your position').fill(POSITION);
    await submit.getByRole('radio', { name: 'Conveyable' }).check();
    await submit.getByRole('button', { name: 'Submit to the mediator' }).click();
    await headA.getByRole('region', { name: 'Our submissions' }).getByText(POSITION).waitFor();

    // The mediator sees both in the inbox: the secret cannot be conveyed, the other can.
    await openConsoleTab(lead, /Inbox/);
    const inbox = consoleSection(lead);
    const secretCard = cardWith(inbox, MEDIATOR_ONLY_SECRET);
    await secretCard.waitFor();
    expect(await secretCard.getByRole('button', { name: 'Convey to…' }).isDisabled()).toBe(true);
    await secretCard.getByText('Mediator only: you may read it, but never pass it on.').waitFor();

    const positionCard = cardWith(inbox, POSITION);
    await positionCard.getByRole('button', { name: 'Convey to…' }).click();
    const dialog = lead.getByRole('dialog', { name: 'Convey to Southland' });
    const text = dialog.getByLabel('Text that Southland will read');
    expect(await text.inputValue()).toBe(''); // [DIS5] conveyable: the mediator's own words, from an empty box
    await text.fill(CONVEYED_TO_B);
    await dialog.getByRole('button', { name: 'Review…' }).click();
    await dialog.getByText("Send this to Southland's room?", { exact: false }).waitFor();
    await screenshot(lead, 'console-convey-dialog');
    await dialog.getByRole('button', { name: 'Yes, convey to Southland' }).click();
    await dialog.waitFor({ state: 'detached' });
    await positionCard.getByText("Southland's room").waitFor();
    await screenshot(lead, 'console-inbox');

    // B reads the proposal, in the mediator's words, and counters.
    const proposalsB = headB.getByRole('region', { name: 'Proposals from the mediator' });
    const proposalB = cardWith(proposalsB, CONVEYED_TO_B);
    await proposalB.waitFor();
    await proposalB.getByRole('button', { name: 'Counter…' }).click();
    await proposalB.getByLabel('Your counter-proposal').fill(COUNTER);
    await proposalB.getByRole('radio', { name: 'Conveyable' }).check();
    await proposalB.getByRole('button', { name: 'Send counter-proposal' }).click();
    await proposalB.getByRole('list', { name: 'Our answers' }).getByText(COUNTER).waitFor();
    await screenshot(headB, 'party-room-b');

    // A sees exactly what was conveyed on its behalf.
    await headA.getByRole('region', { name: 'Conveyed on our behalf' }).getByText(CONVEYED_TO_B).waitFor();

    // The mediator conveys B's counter back to A.
    const counterCard = cardWith(inbox, COUNTER);
    await counterCard.getByRole('button', { name: 'Convey to…' }).click();
    const back = lead.getByRole('dialog', { name: 'Convey to Northland' });
    await back.getByLabel('Text that Northland will read').fill(CONVEYED_TO_A);
    await back.getByRole('button', { name: 'Review…' }).click();
    await back.getByRole('button', { name: 'Yes, convey to Northland' }).click();
    await back.waitFor({ state: 'detached' });
    await cardWith(
      headA.getByRole('region', { name: 'Proposals from the mediator' }),
      CONVEYED_TO_A,
    ).waitFor();

    // The rooms side by side show everything, each in its own column.
    await openConsoleTab(lead, 'Rooms');
    await lead.getByRole('region', { name: 'Room of Southland' }).getByText(COUNTER).waitFor();
    await screenshot(lead, 'console-rooms');

    // A summary, approved by both heads, published by the lead.
    await openConsoleTab(lead, 'Summaries');
    const summaries = consoleSection(lead);
    await summaries.getByLabel('Draft a summary for the parties to approve').fill(SUMMARY);
    await summaries.getByRole('button', { name: 'Propose summary' }).click();
    const summaryCard = cardWith(summaries, SUMMARY);
    await summaryCard.waitFor();
    expect(await summaryCard.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);

    for (const head of [headA, headB]) {
      const card = cardWith(head.getByRole('region', { name: 'Summaries' }), SUMMARY);
      await card.getByRole('button', { name: 'Approve' }).click();
      await card.getByText('You approved it').waitFor();
    }
    await screenshot(headA, 'party-room-a');
    const publish = summaryCard.getByRole('button', { name: 'Publish' });
    await expectEnabled(publish);
    await screenshot(lead, 'console-summaries');
    await publish.click();
    await summaryCard.getByRole('button', { name: 'Yes, publish' }).click();
    await summaryCard.getByText('Published', { exact: true }).first().waitFor();

    // The observer reads the published summary, and nothing else.
    await observer.getByRole('list', { name: 'Published summaries' }).getByText(SUMMARY).waitFor();
    await screenshot(observer, 'observer-gallery');
    const seenByObserver = await pageText(observer);
    for (const hidden of [
      CAUCUS_SECRET,
      MEDIATOR_ONLY_SECRET,
      POSITION,
      CONVEYED_TO_B,
      COUNTER,
      CONVEYED_TO_A,
    ]) {
      expect(seenByObserver).not.toContain(hidden);
    }

    // B never saw A's caucus, A's mediator-only submission, or A's own wording.
    const seenByB = await pageText(headB);
    expect(seenByB).toContain(CONVEYED_TO_B);
    for (const hidden of [CAUCUS_SECRET, MEDIATOR_ONLY_SECRET, POSITION])
      expect(seenByB).not.toContain(hidden);
    // Not even after a reload that refetches everything B may read.
    await headB.reload();
    await headB.getByText('Live', { exact: true }).waitFor();
    await cardWith(
      headB.getByRole('region', { name: 'Proposals from the mediator' }),
      CONVEYED_TO_B,
    ).waitFor();
    const afterReload = await pageText(headB);
    for (const hidden of [CAUCUS_SECRET, MEDIATOR_ONLY_SECRET, POSITION])
      expect(afterReload).not.toContain(hidden);

    // The mediators never read a caucus either.
    expect(await pageText(lead)).not.toContain(CAUCUS_SECRET);

    // Readable on a tablet too.
    await lead.setViewportSize({ width: 820, height: 1180 });
    await headA.setViewportSize({ width: 820, height: 1180 });
    await openConsoleTab(lead, 'Rooms');
    await screenshot(lead, 'tablet-console-rooms');
    await screenshot(headA, 'tablet-party-room-a');

    await Promise.all(windows.map((w) => w.context.close()));
  });
});

async function expectEnabled(button: Locator): Promise<void> {
  await button
    .page()
    .waitForFunction(
      (element) => element instanceof HTMLButtonElement && !element.disabled,
      await button.elementHandle(),
    );
}
