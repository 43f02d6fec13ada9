import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openWindow, screenshot } from './support/browser.js';
import { startParleyWithClient, type ParleyUnderTest } from './support/parley.js';
import { cardWith, changePhase, consoleSection, invite, joinWithLink, openConsoleTab } from './support/ui.js';

// Issue 15, items 8, 9, 10 and 12 through the web app: one current answer, a question
// answered as a question, the inbox's needs-action count, filters and handled marks, and
// the summary's revise, withdraw and confirmed publish; delegates never asked to approve.

const POSITION_B = 'Southland could reopen the harbour in May.';
const TO_A = 'Southland proposes reopening the harbour in spring.';
const ACCEPT = 'We accept spring.';
const REJECT = 'On reflection: not before June.';
const QUESTION = 'Does spring mean March or May?';
const QUESTION_TO_B = 'Northland asks: is that March or May?';
const ANSWER = 'May, at the latest.';
const SUMMARY = 'The parties discussed the harbour.';
const REVISED = 'The parties discussed reopening the harbour in May or June.';
const DROPPED = 'A summary the mediators withdraw.';

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

async function convey(lead: Page, card: Locator, party: string, text: string): Promise<void> {
  await card.getByRole('button', { name: 'Convey to…' }).click();
  const dialog = lead.getByRole('dialog', { name: `Convey to ${party}` });
  await dialog.getByLabel(`Text that ${party} will read`).fill(text);
  await dialog.getByRole('button', { name: 'Review…' }).click();
  await dialog.getByRole('button', { name: `Yes, convey to ${party}` }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function answer(card: Locator, action: string, label: string, text: string, send: string): Promise<void> {
  await card.getByRole('button', { name: action }).click();
  await card.getByLabel(label).fill(text);
  await card.getByRole('radio', { name: 'Conveyable' }).check();
  await card.getByRole('button', { name: send }).click();
  await card.getByRole('list', { name: 'Our answers' }).getByText(text).waitFor();
}

describe('answers, questions, the inbox and summaries, in Chromium', () => {
  it('shows only the current answer, answers a question as a question, triages the inbox and revises a summary', async () => {
    const talks = await parley.server.createTalks({ title: 'Harbour talks', parties: ['Northland', 'Southland'] });
    const windows = await Promise.all([openWindow(browser), openWindow(browser), openWindow(browser), openWindow(browser)]);
    const [lead, headA, delegateA, headB] = windows.map((w) => w.page) as [Page, Page, Page, Page];
    await joinWithLink(lead, `${parley.url}/join?code=${encodeURIComponent(talks.invite.code)}`, 'Mara Lind');
    const linkHeadA = await invite(lead, 'Head of delegation', 'Northland');
    const linkDelegateA = await invite(lead, 'Delegate', 'Northland');
    const linkHeadB = await invite(lead, 'Head of delegation', 'Southland');
    await changePhase(lead, 'Pre-negotiation');
    await joinWithLink(headA, linkHeadA, 'Nils North');
    await joinWithLink(delegateA, linkDelegateA, 'Dana North');
    await joinWithLink(headB, linkHeadB, 'Sofia South');

    // Southland submits; the mediator conveys it to Northland.
    const submit = headB.getByRole('region', { name: 'Submit a position' });
    await submit.getByLabel('Your position').fill(POSITION_B);
    await submit.getByRole('radio', { name: 'Conveyable' }).check();
    await submit.getByRole('button', { name: 'Submit to the mediator' }).click();
    await openConsoleTab(lead, /Inbox/);
    const inbox = consoleSection(lead);
    await convey(lead, cardWith(inbox, POSITION_B), 'Northland', TO_A);

    // Item 8: the head accepts, then rejects: only the reject is current.
    const proposalA = cardWith(headA.getByRole('region', { name: 'Proposals from the mediator' }), TO_A);
    await answer(proposalA, 'Accept…', 'Your acceptance, with any conditions', ACCEPT, 'Send acceptance');
    await answer(proposalA, 'Reject…', 'Why you reject it', REJECT, 'Send rejection');
    const answers = proposalA.getByRole('list', { name: 'Our answers' });
    await answers.locator('li.answer--superseded').getByText('Replaced by a later answer').waitFor();
    expect(await answers.locator('li.answer--superseded del').innerText()).toBe(ACCEPT);
    expect(await answers.locator('li:not(.answer--superseded)').getByText('Current answer').count()).toBe(1);
    expect(await answers.locator('li:not(.answer--superseded)').innerText()).toContain(REJECT);
    await proposalA.scrollIntoViewIfNeeded();
    await screenshot(headA, 'answers-current-only');

    // In the inbox the superseded accept is closed: it needs no action.
    const acceptCard = cardWith(inbox, ACCEPT);
    await acceptCard.getByText('Closed').waitFor();
    await cardWith(inbox, REJECT).getByText('Needs action', { exact: true }).waitFor();

    // Item 9: the delegate asks a question; the mediator conveys it; Southland answers it as a question.
    const proposalForDelegate = cardWith(delegateA.getByRole('region', { name: 'Proposals from the mediator' }), TO_A);
    expect(await proposalForDelegate.getByRole('button', { name: 'Counter…' }).count()).toBe(0);
    await answer(proposalForDelegate, 'Ask to clarify…', 'Your question', QUESTION, 'Send question');
    const questionCard = cardWith(inbox, QUESTION);
    await questionCard.getByText('Question from Northland').waitFor();
    await convey(lead, questionCard, 'Southland', QUESTION_TO_B);
    const asked = headB.getByRole('article', { name: 'Question from the mediator' }).filter({ hasText: QUESTION_TO_B });
    await asked.waitFor();
    const actions = asked.getByRole('group', { name: 'Answer this question' });
    expect(await actions.getByRole('button').allInnerTexts()).toEqual(['Answer…']);
    await screenshot(headB, 'question-arrives-as-question');
    await answer(asked, 'Answer…', 'Your answer', ANSWER, 'Send answer');
    await cardWith(inbox, ANSWER).waitFor();

    // Item 10: the needs-action count drops when an item is marked handled; filters work.
    const tab = lead.getByRole('tab', { name: /Inbox \(\d+ to handle\)/ });
    const before = Number(/\((\d+) to handle\)/.exec(await tab.innerText())?.[1]);
    await cardWith(inbox, POSITION_B).getByRole('button', { name: 'Mark handled' }).click();
    await cardWith(inbox, POSITION_B).getByText('Handled by Mara Lind').waitFor();
    await lead.getByRole('tab', { name: `Inbox (${before - 1} to handle)` }).waitFor();
    await inbox.getByLabel('Party').selectOption({ label: 'Southland' });
    await cardWith(inbox, ANSWER).waitFor();
    expect(await cardWith(inbox, REJECT).count()).toBe(0);
    await inbox.getByLabel('State').selectOption({ label: 'Needs action' });
    expect(await cardWith(inbox, POSITION_B).count()).toBe(0);
    await screenshot(lead, 'inbox-filtered-needs-action');
    await inbox.getByLabel('Party').selectOption({ label: 'All parties' });
    await inbox.getByLabel('State').selectOption({ label: 'All' });
    await screenshot(lead, 'inbox-threads');

    // Item 12: a summary with changes requested is revised; approvals are asked again.
    await openConsoleTab(lead, 'Summaries');
    const summaries = consoleSection(lead);
    await summaries.getByLabel('Draft a summary for the parties to approve').fill(SUMMARY);
    await summaries.getByRole('button', { name: 'Propose summary' }).click();
    const summaryCard = cardWith(summaries, SUMMARY);
    await summaryCard.waitFor();
    await cardWith(headB.getByRole('region', { name: 'Summaries' }), SUMMARY).getByRole('button', { name: 'Approve' }).click();
    const forHeadA = cardWith(headA.getByRole('region', { name: 'Summaries' }), SUMMARY);
    await forHeadA.getByText('Your approval is needed').waitFor();
    await forHeadA.getByRole('button', { name: 'Ask for changes…' }).click();
    await forHeadA.getByLabel('What should change?').fill('Say May or June.');
    await forHeadA.getByRole('button', { name: 'Send request' }).click();
    await summaryCard.getByText('Changes requested', { exact: true }).waitFor();
    // A delegate is never asked for the head's approval.
    const forDelegate = cardWith(delegateA.getByRole('region', { name: 'Summaries' }), SUMMARY);
    await forDelegate.getByText('Your head of delegation asked for changes').waitFor();
    expect(await forDelegate.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await screenshot(delegateA, 'summary-delegate-not-asked');

    await summaryCard.getByRole('button', { name: 'Revise…' }).click();
    await summaryCard.getByLabel('The revised summary').fill(REVISED);
    await summaryCard.getByRole('button', { name: 'Send the new version for approval' }).click();
    const revisedCard = cardWith(summaries, REVISED);
    await revisedCard.getByText('Version 2').waitFor();
    await revisedCard.getByText('Awaiting approval').waitFor();
    const revisedForA = cardWith(headA.getByRole('region', { name: 'Summaries' }), REVISED);
    await revisedForA.getByText('Your approval is needed').waitFor();
    await revisedForA.getByText(/earlier approvals no longer count/).waitFor();
    // Southland's earlier approval no longer counts: it is asked again.
    const revisedForB = cardWith(headB.getByRole('region', { name: 'Summaries' }), REVISED);
    await revisedForB.getByText('Your approval is needed').waitFor();
    await screenshot(headB, 'summary-revised-asks-again');
    for (const card of [revisedForA, revisedForB]) {
      await card.getByRole('button', { name: 'Approve' }).click();
      await card.getByText('You approved it').waitFor();
    }
    await revisedCard.getByText('Ready to publish').waitFor();
    expect(await revisedCard.getByText('Awaiting approval').count()).toBe(0);
    await revisedCard.getByRole('button', { name: 'Publish' }).click();
    await revisedCard.getByText(/This cannot be undone/).waitFor();
    await screenshot(lead, 'summary-publish-confirmation');
    await revisedCard.getByRole('button', { name: 'Yes, publish' }).click();
    await revisedCard.getByText('Published', { exact: true }).first().waitFor();

    // Withdraw: asked to confirm, then every room sees it withdrawn.
    await summaries.getByLabel('Draft a summary for the parties to approve').fill(DROPPED);
    await summaries.getByRole('button', { name: 'Propose summary' }).click();
    const dropped = cardWith(summaries, DROPPED);
    await dropped.getByRole('button', { name: 'Withdraw…' }).click();
    await dropped.getByRole('button', { name: 'Withdraw summary' }).click();
    await dropped.getByText('Withdrawn', { exact: true }).waitFor();
    const droppedForA = cardWith(headA.getByRole('region', { name: 'Summaries' }), DROPPED);
    await droppedForA.getByText('Withdrawn by the mediators').waitFor();
    expect(await droppedForA.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await screenshot(lead, 'summaries-lifecycle');

    await Promise.all(windows.map((w) => w.context.close()));
  });
});
