import type { Locator, Page } from 'playwright-core';

// What a person does in the app, in the app's own words (English labels).

export async function joinWithLink(page: Page, link: string, displayName: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Your name, as the others will see it').fill(displayName);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.getByText('Live', { exact: true }).waitFor();
}

export const consoleSection = (page: Page): Locator => page.getByRole('tabpanel');

export async function openConsoleTab(page: Page, name: RegExp | string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** The lead mediator creates an invite and reads the link shown once. */
export async function invite(page: Page, role: string, partyName?: string): Promise<string> {
  await openConsoleTab(page, 'Phase & members');
  const section = consoleSection(page);
  await section.getByLabel('Role').selectOption({ label: role });
  if (partyName) {
    const partyField = role === 'Observer' ? 'On behalf of party' : 'Party';
    await section.getByLabel(partyField, { exact: true }).selectOption({ label: partyName });
  }
  await section.getByRole('button', { name: 'Create invite link' }).click();
  const form = section.locator('form.invite-form');
  await form.getByText('Invite link created.', { exact: false }).waitFor();
  const link = await form.getByRole('textbox', { name: 'Invite link' }).inputValue();
  return link;
}

export async function changePhase(page: Page, phase: string): Promise<void> {
  await openConsoleTab(page, 'Phase & members');
  const section = consoleSection(page);
  await section.getByLabel('Move the talks to').selectOption({ label: phase });
  await section.getByRole('button', { name: 'Change phase…' }).click();
  await section.getByRole('button', { name: `Yes, move to ${phase}` }).click();
  await section.getByText(`Phase: ${phase}`).waitFor();
}

/** The article (card) that holds a given text, within a scope. */
export const cardWith = (scope: Page | Locator, text: string): Locator =>
  scope.locator('article').filter({ hasText: text });
