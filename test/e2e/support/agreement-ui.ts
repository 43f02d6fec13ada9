import { execFile } from 'node:child_process';
import type { Locator, Page } from 'playwright-core';

// The agreement as people do it in the app (issue 6), in the app's own English labels:
// the mediators' Agreement tab, a delegation's Agreement tab, and the command line.

// ---------------------------------------------------------------- mediator side

/** The mediators' agreement workbench (inside the console's Agreement tab). */
export const agreementConsole = (page: Page): Locator => page.getByTestId('agreement-console');

/** The agreement section on show: the other sections stay mounted, hidden. */
export const agreementSection = (page: Page): Locator => agreementConsole(page).getByRole('tabpanel');

/** Opens the console's Agreement tab, then one of its sections ("Text (3)", "Versions (2)", …). */
export async function openAgreementSection(page: Page, section: RegExp): Promise<Locator> {
  await page.getByRole('tab', { name: 'Agreement', exact: true }).click();
  await agreementConsole(page).getByRole('tab', { name: section }).click();
  return agreementSection(page);
}

/** A clause of the working draft, in the Text section. */
export const draftedClause = (page: Page, number: number): Locator =>
  agreementSection(page).getByRole('article', { name: `Clause ${number}`, exact: true });

export interface Wording {
  en: string;
  /** Bracketed alternative wordings in English, labelled A, B, … by the editor. */
  alternatives?: string[];
}

/** Drafts a new clause in the Text section and waits until the working draft holds it. */
export async function draftClause(page: Page, number: number, wording: Wording): Promise<void> {
  const section = await openAgreementSection(page, /^Text/);
  await section.getByRole('button', { name: 'Draft a new clause…' }).click();
  const form = section.getByRole('form', { name: 'New clause' });
  await form.getByLabel('Text in English').fill(wording.en);
  const alternatives = wording.alternatives ?? [];
  for (const [index, text] of alternatives.entries()) {
    await form.getByRole('button', { name: 'Add a bracketed wording' }).click();
    await form.getByLabel(`Wording ${index + 1} in English`).fill(text);
  }
  await form.getByRole('button', { name: 'Save the clause' }).click();
  await form.waitFor({ state: 'detached' });
  const clause = draftedClause(page, number);
  await clause.getByText(wording.en, { exact: true }).waitFor();
  for (const text of alternatives) await clause.getByText(text, { exact: true }).waitFor();
}

/** Rewords a clause in English; the rest of it stays as it was. */
export async function redraftClause(page: Page, number: number, en: string): Promise<void> {
  await openAgreementSection(page, /^Text/);
  const clause = draftedClause(page, number);
  await clause.getByRole('button', { name: 'Redraft' }).click();
  const form = clause.getByRole('form', { name: `Redraft clause ${number}` });
  await form.getByLabel('Text in English').fill(en);
  await form.getByRole('button', { name: 'Save the redraft' }).click();
  await form.waitFor({ state: 'detached' });
  await clause.getByText(en, { exact: true }).waitFor();
}

/** Sets a clause's state; leaving the brackets chooses the wording with that label. */
export async function setClauseState(
  page: Page,
  number: number,
  state: 'Open' | 'Provisionally agreed' | 'Agreed',
  choose?: string,
): Promise<void> {
  await openAgreementSection(page, /^Text/);
  const clause = draftedClause(page, number);
  const form = clause.getByRole('form', { name: `State of clause ${number}` });
  await form.getByLabel('New state').selectOption({ label: state });
  if (choose) await form.getByRole('radio', { name: new RegExp(`^\\[${choose}\\]`) }).check();
  await form.getByRole('button', { name: 'Set state' }).click();
  await clause.locator('header').getByText(state, { exact: true }).waitFor();
}

/** Shares the working draft as the next version, through the confirmation dialog. */
export async function shareVersion(page: Page, version: number): Promise<void> {
  const section = await openAgreementSection(page, /^Text/);
  await section.getByRole('button', { name: `Share as version ${version}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Share version ${version} with every party?` });
  await dialog.getByRole('button', { name: `Yes, share version ${version} with every party` }).click();
  await dialog.waitFor({ state: 'detached' });
  await section.getByText('Version shared with every party.').waitFor();
  await agreementConsole(page)
    .getByRole('tab', { name: `Versions (${version})` })
    .waitFor();
}

// ---------------------------------------------------------------- party side

/** A delegation's Agreement tab. */
export async function openPartyAgreement(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Agreement', exact: true }).click();
  const room = page.getByTestId('agreement-room');
  await room.waitFor();
  return room;
}

/** A clause of the version the party is reading. */
export const sharedClause = (page: Page, number: number): Locator =>
  page
    .getByTestId('version-reader')
    .getByRole('list', { name: 'Clauses' })
    .getByRole('article', { name: `Clause ${number}`, exact: true });

/** Leaves a comment for the mediators on a clause of the version on show. */
export async function commentOnClause(
  page: Page,
  number: number,
  text: string,
  objects: boolean,
): Promise<void> {
  const clause = sharedClause(page, number);
  await clause.getByLabel(`Comment on clause ${number} for the mediators`).fill(text);
  if (objects) await clause.getByRole('checkbox', { name: 'We object to this clause' }).check();
  await clause.getByRole('button', { name: 'Send to the mediators' }).click();
  await clause
    .getByRole('list', { name: `Your comments on clause ${number}` })
    .getByText(text)
    .waitFor();
}

/** The head marks a clause of the current version as one the party can live with. */
export async function markLiveWith(page: Page, number: number): Promise<void> {
  const mark = sharedClause(page, number).getByRole('group', {
    name: `Your party's mark on clause ${number}`,
  });
  await mark.getByRole('button', { name: 'We can live with it' }).click();
  await mark.getByText('can live with it', { exact: true }).waitFor();
}

/** The head accepts the whole of the current version, through the confirmation. */
export async function acceptPackage(page: Page, version: number): Promise<void> {
  const ours = page.getByTestId('our-package');
  await ours.getByRole('button', { name: `Accept the whole package of version ${version}…` }).click();
  await ours.getByRole('button', { name: `Yes, accept version ${version}` }).click();
  await ours.getByText(`Your party accepted version ${version}.`).waitFor();
}

// ---------------------------------------------------------------- what a page received

/**
 * Every Socket.IO frame a page receives, as text: proof of what a party's browser was
 * never sent, not only what it did not show. Attach before the page connects.
 */
export function recordSocketFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      frames.push(typeof payload === 'string' ? payload : payload.toString('utf8'));
    });
  });
  return frames;
}

/** The page's whole document, hidden tabs included: more than what is on screen. */
export const documentHtml = (page: Page): Promise<string> => page.content();

/** What the page shows on screen. */
export const pageText = (page: Page): Promise<string> => page.locator('body').innerText();

// ---------------------------------------------------------------- command line

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run parley -- …`, without npm: node --import tsx/esm server/src/cli.ts … */
export function runParleyCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx/esm', 'server/src/cli.ts', ...args],
      { cwd: process.cwd(), timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`${args.join(' ')}: ${error.message}`));
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
