import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptPackage,
  commentOnClause,
  documentHtml,
  draftClause,
  draftedClause,
  markLiveWith,
  openAgreementSection,
  openPartyAgreement,
  pageText,
  recordSocketFrames,
  redraftClause,
  runParleyCli,
  setClauseState,
  sharedClause,
  shareVersion,
} from './support/agreement-ui.js';
import { launchChromium, openWindow, RESULTS_DIR, screenshot } from './support/browser.js';
import { startParleyWithClient, type ParleyUnderTest } from './support/parley.js';
import { changePhase, invite, joinWithLink } from './support/ui.js';

// Issue 6 through the web app, in Chromium: the lead mediator drafts a single
// negotiating text with a bracketed clause, shares it; each head comments in private;
// the mediator resolves the brackets, rewords a clause, shares again (the parties read
// the changes); every clause is agreed, both heads can live with all of it and accept
// the package; both sign in the browser with a key made at joining; a head downloads
// the signed bundle and prints it; the command line verifies it and catches tampering.

const TITLE = 'Bay of Harbours talks';
const CLAUSE_1 = 'The parties reopen the harbour to civilian shipping.';
// [TXT2] The bracketed span is what the chosen wording replaces; the rest of the clause stays.
const CLAUSE_2 = 'Fishing rights in the bay are shared [the share].';
const WORDING_2_A = '60/40 in favour of Northland';
const WORDING_2_B = 'equally between the parties';
const CLAUSE_2_B = 'Fishing rights in the bay are shared equally between the parties.';
const CLAUSE_3_V1 = 'A joint commission inspects the harbour every 60 days.';
const CLAUSE_3_V2 = 'A joint commission inspects the harbour every 30 days.';
// Each party's private comment: the other party must never receive it.
const NORTH_COMMENT = 'CANARY-NORTH-7731: Northland cannot accept an even split of the bay.';
const SOUTH_COMMENT = 'CANARY-SOUTH-4409: sixty days between inspections is far too long.';

const BUNDLE = join(RESULTS_DIR, 'agreement-bundle.json');
const TAMPERED_TEXT = join(RESULTS_DIR, 'agreement-bundle-tampered-text.json');
const TAMPERED_SIGNATURE = join(RESULTS_DIR, 'agreement-bundle-tampered-signature.json');

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

/** When the version on show was shared, to the millisecond, as the page holds it. */
const sharedAt = (page: Page): Promise<string | null> =>
  page.getByTestId('version-reader').locator('.version-reader__meta time').getAttribute('datetime');

/** The thumbprint of the key this head's browser holds, as the room shows it. */
async function keyThumbprint(page: Page): Promise<string> {
  const status = page.getByTestId('signing-key');
  await status.getByText('Your signing key is ready in this browser.').waitFor();
  const thumbprint = status.getByTestId('signing-key-thumbprint');
  await thumbprint.waitFor();
  return (await thumbprint.innerText()).trim();
}

describe('the agreement through the web app, in Chromium', () => {
  it('drafts, shares, comments in private, revises, agrees, signs in the browser, exports, prints and verifies', async () => {
    const talks = await parley.server.createTalks({ title: TITLE, parties: ['Northland', 'Southland'] });
    const windows = await Promise.all([openWindow(browser), openWindow(browser), openWindow(browser)]);
    const [lead, headA, headB] = windows.map((w) => w.page) as [Page, Page, Page];
    const framesA = recordSocketFrames(headA);
    const framesB = recordSocketFrames(headB);

    // ---- Everyone joins; each head's browser makes and registers a signing key.
    await joinWithLink(lead, `${parley.url}/join?code=${encodeURIComponent(talks.invite.code)}`, 'Mara Lind');
    const linkA = await invite(lead, 'Head of delegation', 'Northland');
    const linkB = await invite(lead, 'Head of delegation', 'Southland');
    // The text is drafted in proximity talks; the package needs the table (negotiation).
    await changePhase(lead, 'Pre-negotiation');
    await joinWithLink(headA, linkA, 'Nils North');
    await joinWithLink(headB, linkB, 'Sofia South');
    const roomA = await openPartyAgreement(headA);
    const roomB = await openPartyAgreement(headB);
    const thumbprintA = await keyThumbprint(headA);
    const thumbprintB = await keyThumbprint(headB);
    expect(thumbprintA).toMatch(/^[\w-]{43}$/);
    expect(thumbprintB).not.toBe(thumbprintA);
    for (const room of [roomA, roomB])
      await room.getByText('The mediators have not shared a text yet.', { exact: false }).waitFor();

    // ---- The mediator drafts three clauses in private, one with two bracketed wordings.
    await draftClause(lead, 1, { en: CLAUSE_1 });
    await draftClause(lead, 2, { en: CLAUSE_2, alternatives: [WORDING_2_A, WORDING_2_B] });
    await draftClause(lead, 3, { en: CLAUSE_3_V1 });
    await draftedClause(lead, 2).locator('header').getByText('Bracketed', { exact: true }).waitFor();
    // A draft is the mediators' own until it is shared.
    for (const head of [headA, headB]) expect(await documentHtml(head)).not.toContain(CLAUSE_1);

    // ---- Version 1 reaches both delegations, as one event at the same moment.
    await shareVersion(lead, 1);
    await Promise.all(
      [headA, headB].map((head) => head.getByTestId('version-heading').getByText('Version 1').waitFor()),
    );
    const [sharedAtA, sharedAtB] = await Promise.all([sharedAt(headA), sharedAt(headB)]);
    expect(sharedAtA).toBeTruthy();
    expect(sharedAtB).toBe(sharedAtA);
    for (const head of [headA, headB]) {
      await sharedClause(head, 1).getByText(CLAUSE_1, { exact: true }).waitFor();
      const bracketed = sharedClause(head, 2);
      await bracketed.getByText('Bracketed', { exact: true }).waitFor();
      await bracketed.getByText('Bracketed wordings: the mediators will choose one').waitFor();
      await bracketed.getByText(WORDING_2_A, { exact: true }).waitFor();
      await bracketed.getByText(WORDING_2_B, { exact: true }).waitFor();
      await sharedClause(head, 3).getByText(CLAUSE_3_V1, { exact: true }).waitFor();
    }

    // ---- Each head comments in private, objecting to a different clause.
    await commentOnClause(headA, 2, NORTH_COMMENT, true);
    await commentOnClause(headB, 3, SOUTH_COMMENT, true);
    await sharedClause(headA, 2).getByText('You object', { exact: true }).waitFor();
    await screenshot(headB, 'agreement-room-b');

    // The mediator reads both comments, and which party objects to which clause.
    await openAgreementSection(lead, /^Text/);
    const commentsOn = (number: number) =>
      draftedClause(lead, number).getByRole('region', { name: 'Comments on version 1' });
    await commentsOn(1).getByText('No party objects to this clause in version 1.').waitFor();
    await commentsOn(2).getByText('Objecting in version 1: Northland', { exact: true }).waitFor();
    await commentsOn(2).getByText(NORTH_COMMENT).waitFor();
    await commentsOn(3).getByText('Objecting in version 1: Southland', { exact: true }).waitFor();
    await commentsOn(3).getByText(SOUTH_COMMENT).waitFor();
    await screenshot(lead, 'agreement-console');

    // Neither party was ever sent the other's comment: not on screen, not in the
    // document (hidden tabs included), not in a single frame on the wire.
    const neverSeen = async (page: Page, frames: string[], hidden: string, own: string) => {
      expect(await pageText(page)).toContain(own);
      expect(await pageText(page)).not.toContain(hidden);
      expect(await documentHtml(page)).not.toContain(hidden);
      expect(frames.join('\n')).toContain(own.slice(0, 16));
      expect(frames.some((frame) => frame.includes(hidden.slice(0, 16)))).toBe(false);
    };
    await neverSeen(headA, framesA, SOUTH_COMMENT, NORTH_COMMENT);
    await neverSeen(headB, framesB, NORTH_COMMENT, SOUTH_COMMENT);
    // Not even after a reload that fetches again everything B may read; and B's
    // signing key, kept in this browser, survives the reload.
    await headB.reload();
    await headB.getByText('Live', { exact: true }).waitFor();
    await openPartyAgreement(headB);
    await sharedClause(headB, 3).getByText(SOUTH_COMMENT).waitFor();
    expect(await keyThumbprint(headB)).toBe(thumbprintB);
    await neverSeen(headB, framesB, NORTH_COMMENT, SOUTH_COMMENT);

    // ---- The mediator resolves the brackets (wording B), rewords clause 3, shares version 2.
    await setClauseState(lead, 2, 'Provisionally agreed', 'B');
    const resolved = draftedClause(lead, 2);
    await resolved.getByText('Brackets resolved: wording B was chosen.').waitFor();
    await resolved.getByText(CLAUSE_2_B, { exact: true }).waitFor();
    expect(await resolved.getByText(WORDING_2_A).count()).toBe(0);
    await redraftClause(lead, 3, CLAUSE_3_V2);
    await shareVersion(lead, 2);

    // The mediators compare the two versions word by word.
    const versions = await openAgreementSection(lead, /^Versions/);
    const consoleDiff = versions.getByRole('region', { name: 'Changes from version 1 to version 2' });
    await consoleDiff.waitFor();
    const console3 = consoleDiff.getByTestId('diff-clause-3');
    expect(await console3.getAttribute('data-change')).toBe('changed');
    expect(await console3.locator('del').allInnerTexts()).toContain('60');
    expect(await console3.locator('ins').allInnerTexts()).toContain('30');
    expect(await consoleDiff.getByTestId('diff-clause-2').getAttribute('data-change')).toBe('changed');
    expect(await consoleDiff.getByTestId('diff-clause-1').count()).toBe(0);
    await screenshot(lead, 'agreement-versions');

    // Each delegation reads version 2 and what changed since version 1.
    for (const head of [headA, headB]) {
      await head.getByTestId('version-heading').getByText('Version 2').waitFor();
      await head.getByLabel('Show changes from').selectOption({ label: 'Version 1' });
      const diff = head.getByRole('region', { name: 'Changes from version 1 to version 2' });
      await diff.waitFor();
      const changed = diff.getByTestId('diff-clause');
      expect(await changed.count()).toBe(2);
      const two = changed.filter({ hasText: 'Clause 2' });
      expect(await two.getAttribute('data-change')).toBe('changed');
      await two.getByText('Bracketed → Provisionally agreed').waitFor();
      expect((await two.locator('ins').allInnerTexts()).join(' ')).toContain('equally');
      const three = changed.filter({ hasText: 'Clause 3' });
      expect(await three.locator('del').allInnerTexts()).toContain('60');
      expect(await three.locator('ins').allInnerTexts()).toContain('30');
      await diff.getByText('Clauses unchanged: 1.').waitFor();
      await sharedClause(head, 2).getByText(CLAUSE_2_B, { exact: true }).waitFor();
      expect(await sharedClause(head, 2).getByText(WORDING_2_A).count()).toBe(0);
      await sharedClause(head, 3).getByText(CLAUSE_3_V2, { exact: true }).waitFor();
    }
    await screenshot(headA, 'agreement-room-a');
    // Marks wait for the table.
    await headA
      .getByTestId('our-package')
      .getByText('Marks and acceptance are possible only in the negotiation phase.')
      .waitFor();

    // ---- At the table, every clause is agreed and the final text shared as version 3.
    await changePhase(lead, 'Negotiation');
    await setClauseState(lead, 1, 'Agreed');
    await setClauseState(lead, 2, 'Agreed');
    await setClauseState(lead, 3, 'Agreed');
    await shareVersion(lead, 3);

    // ---- Both heads can live with every clause and accept the whole of version 3.
    for (const head of [headA, headB]) {
      await head.getByTestId('version-heading').getByText('Version 3').waitFor();
      const ours = head.getByTestId('our-package');
      await ours.getByText('Version 3', { exact: true }).waitFor();
      await ours.getByText('Every clause is agreed by the mediators.').waitFor();
      for (const number of [1, 2, 3]) {
        await sharedClause(head, number)
          .getByTestId('clause-state')
          .getByText('Agreed', { exact: true })
          .waitFor();
        await markLiveWith(head, number);
      }
      await ours.getByText('Clauses your party can live with: 3 of 3.').waitFor();
    }
    await acceptPackage(headA, 3);
    const packageSection = await openAgreementSection(lead, /^Package/);
    const northRow = packageSection.locator('[data-testid="package-party"][data-party="Northland"]');
    await northRow.getByText('Yes', { exact: true }).waitFor();
    await packageSection
      .locator('[data-testid="package-party"][data-party="Southland"]')
      .getByText('Not yet', { exact: true })
      .waitFor();
    await acceptPackage(headB, 3);
    await packageSection
      .getByText('The package is agreed: version 3. Its text is final; the heads can now sign.')
      .waitFor();
    await screenshot(lead, 'agreement-package');
    for (const head of [headA, headB]) {
      await head.getByText('The package was agreed: version 3 is the final text.').waitFor();
      await head.getByTestId('version-agreed').waitFor();
    }

    // ---- Both heads sign in the browser, with the key made at joining.
    const hashes: string[] = [];
    for (const [head, party, name] of [
      [headA, 'Northland', 'Nils North'],
      [headB, 'Southland', 'Sofia South'],
    ] as const) {
      const signing = head.getByTestId('signing');
      await signing.getByText('Your signing key is ready in this browser.').waitFor();
      const hash = signing.getByTestId('signing-text-hash');
      await hash.getByText(/^[0-9a-f]{64}$/).waitFor();
      hashes.push((await hash.innerText()).trim());
      // Signing is a ceremony ([SIG6]): review what is signed, confirm by name and party.
      await signing.getByRole('button', { name: `Review and sign version 3 for ${party}…` }).click();
      await signing
        .getByRole('checkbox', { name: `I, ${name}, have read this text and sign it on behalf of ${party}.` })
        .check();
      await signing.getByRole('button', { name: `Sign as ${name} for ${party}` }).click();
      await signing
        .locator(`[data-testid="party-signature"][data-party="${party}"][data-signed="true"]`)
        .getByText(`signed by ${name}`)
        .waitFor();
    }
    expect(hashes[1]).toBe(hashes[0]);
    for (const head of [headA, headB])
      await head.getByText("Every party's head has signed version 3: the agreement is concluded.").waitFor();
    // Each signature shows the thumbprint of the key its head's browser made.
    const signaturesA = headA.getByTestId('signing');
    for (const [party, thumbprint] of [
      ['Northland', thumbprintA],
      ['Southland', thumbprintB],
    ] as const)
      await signaturesA
        .locator(`[data-testid="party-signature"][data-party="${party}"]`)
        .getByText(thumbprint, { exact: true })
        .waitFor();
    await screenshot(headA, 'agreement-signed');

    const signatures = await openAgreementSection(lead, /^Signatures/);
    await signatures.getByText('The agreement is concluded: every head signed version 3.').waitFor();
    expect(await signatures.locator('[data-testid="signature-party"][data-signed="yes"]').count()).toBe(2);
    await signatures.getByText(`Text hash (SHA-256): ${hashes[0]}`).waitFor();

    // ---- A head downloads the signed agreement, byte for byte as the server made it.
    await mkdir(RESULTS_DIR, { recursive: true });
    const [download] = await Promise.all([
      headA.waitForEvent('download'),
      headA.getByRole('button', { name: 'Download the agreement (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`agreement-${talks.talksId.slice(0, 8)}-v3.json`);
    await download.saveAs(BUNDLE);
    const raw = await readFile(BUNDLE, 'utf8');
    const bundle = JSON.parse(raw) as {
      title: string;
      version: number;
      textHash: string;
      concluded: boolean;
      texts: { number: number; texts: { en: string } }[];
      signatures: { displayName: string; jws: string }[];
    };
    expect(bundle.title).toBe(TITLE);
    expect(bundle.version).toBe(3);
    expect(bundle.concluded).toBe(true);
    expect(bundle.textHash).toBe(hashes[0]);
    expect(bundle.texts.map((clause) => clause.texts.en)).toEqual([CLAUSE_1, CLAUSE_2_B, CLAUSE_3_V2]);
    expect(bundle.signatures.map((s) => s.displayName).sort()).toEqual(['Nils North', 'Sofia South']);

    // ---- The printable page shows the final text and both signatures.
    await headA.getByRole('button', { name: 'Printable page' }).click();
    const print = headA.getByRole('article', { name: 'The agreement, printable' });
    await print.waitFor();
    await print.getByText('Agreement, version 3').waitFor();
    await print.getByTestId('print-intact').getByText('matches the text').waitFor();
    await print.getByText('Concluded: signed by every party').waitFor();
    for (const [number, text] of [
      [1, CLAUSE_1],
      [2, CLAUSE_2_B],
      [3, CLAUSE_3_V2],
    ] as const)
      await print.getByTestId(`print-clause-${number}`).getByText(text, { exact: true }).waitFor();
    const printed = await print.innerText();
    for (const gone of [WORDING_2_A, CLAUSE_3_V1, NORTH_COMMENT]) expect(printed).not.toContain(gone);
    expect(await print.getByTestId('print-text-hash').innerText()).toBe(hashes[0]);
    // Thumbprints the page computed itself, the same as each head's browser showed.
    const thumbprints = print.getByTestId('print-thumbprint');
    await thumbprints.getByText(thumbprintA, { exact: true }).waitFor();
    await thumbprints.getByText(thumbprintB, { exact: true }).waitFor();
    expect(await thumbprints.allInnerTexts()).toEqual([thumbprintA, thumbprintB]);
    await screenshot(headA, 'agreement-print');
    await print.getByRole('button', { name: 'Back' }).click();
    await headA.getByTestId('agreement-room').waitFor();

    // The server's own printable page (agreement.html) with the same session: the same text.
    const session = await headA.evaluate(() => localStorage.getItem('parley.session'));
    const { token } = JSON.parse(session ?? '{}') as { token?: string };
    expect(token).toBeTruthy();
    const printable = await windows[1].context.newPage();
    await printable.setExtraHTTPHeaders({ authorization: `Bearer ${token}` });
    const response = await printable.goto(
      `${parley.url}/api/talks/${encodeURIComponent(talks.talksId)}/agreement.html`,
    );
    expect(response?.status()).toBe(200);
    const html = await printable.locator('body').innerText();
    for (const text of [TITLE, CLAUSE_1, CLAUSE_2_B, CLAUSE_3_V2, 'Nils North', 'Sofia South', hashes[0]!])
      expect(html).toContain(text);
    for (const gone of [WORDING_2_A, CLAUSE_3_V1]) expect(html).not.toContain(gone);
    // No terms were defined: no empty glossary table.
    expect(html).not.toContain('Glossary');
    await screenshot(printable, 'agreement-html');
    await printable.close();

    // ---- Offline, the command line verifies the bundle, and catches any tampering.
    const valid = await runParleyCli(['agreement', 'verify', relative(process.cwd(), BUNDLE)]);
    expect(valid.stdout, valid.stderr).toContain(
      'agreement valid: the text is intact and every party signed it',
    );
    expect(valid.stdout).toContain('signed for Northland by Nils North');
    expect(valid.code).toBe(0);

    // One byte of a clause's text changed.
    expect(raw.split(CLAUSE_1).length).toBe(2);
    await writeFile(TAMPERED_TEXT, raw.replace(CLAUSE_1, CLAUSE_1.replace('harbour', 'harbouR')));
    const text = await runParleyCli(['agreement', 'verify', relative(process.cwd(), TAMPERED_TEXT)]);
    expect(text.stdout).toContain('FAILED: ');
    expect(text.stdout).toContain('the text was changed');
    expect(text.code).toBe(1);

    // One character of a signature changed (inside it, so the decoded bytes differ).
    const jws = bundle.signatures[0]!.jws;
    const at = jws.lastIndexOf('.') + 20;
    const swapped = `${jws.slice(0, at)}${jws[at] === 'A' ? 'B' : 'A'}${jws.slice(at + 1)}`;
    expect(raw.split(jws).length).toBe(2);
    await writeFile(TAMPERED_SIGNATURE, raw.replace(jws, swapped));
    const signature = await runParleyCli([
      'agreement',
      'verify',
      relative(process.cwd(), TAMPERED_SIGNATURE),
    ]);
    expect(signature.stdout).toContain('FAILED: ');
    expect(signature.stdout).toContain('does not verify');
    expect(signature.code).toBe(1);

    // To the end, neither party's browser was sent the other's comment.
    expect(framesA.some((frame) => frame.includes(SOUTH_COMMENT.slice(0, 16)))).toBe(false);
    expect(framesB.some((frame) => frame.includes(NORTH_COMMENT.slice(0, 16)))).toBe(false);

    await Promise.all(windows.map((w) => w.context.close()));
  });
});
