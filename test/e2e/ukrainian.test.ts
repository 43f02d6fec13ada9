import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openWindow, screenshot } from './support/browser.js';
import { startParleyWithClient, type ParleyUnderTest } from './support/parley.js';

// One person per role switches the interface to Ukrainian and finds every main
// view translated; the choice survives a reload.

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

/** Opens an invite link, switches to Ukrainian on the join page, and joins. */
async function joinInUkrainian(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Language').selectOption('uk');
  await page.getByRole('heading', { name: 'Приєднатися до переговорів' }).waitFor();
  await page.getByLabel("Ваше ім'я, як його бачитимуть інші").fill(name);
  await page.getByRole('button', { name: 'Приєднатися', exact: true }).click();
  await page.getByRole('button', { name: 'Вийти' }).waitFor();
  await page.getByText("На зв'язку", { exact: true }).waitFor();
}

/** English words that would betray an untranslated string in these views. */
const ENGLISH_GIVEAWAYS = ['Visible to', 'Sign out', 'Caucus', 'Inbox', 'Summaries', 'Send', 'Live', 'Phase'];

const expectNoEnglish = async (page: Page): Promise<void> => {
  const text = await page.locator('body').innerText();
  for (const word of ENGLISH_GIVEAWAYS) expect(text).not.toContain(word);
};

describe('the interface in Ukrainian', () => {
  it('translates the join page, the mediator console, the party room and the gallery, and remembers the choice', async () => {
    const talks = await parley.server.createTalks({
      title: 'Переговори про гавань',
      parties: ['Північ', 'Південь'],
    });
    const north = talks.parties[0];
    if (!north) throw new Error('no party');
    const { page: lead, context: leadContext } = await openWindow(browser);
    await joinInUkrainian(
      lead,
      `${parley.url}/join?code=${encodeURIComponent(talks.invite.code)}`,
      'Марта Лінд',
    );

    for (const tab of ['Кімнати', 'Вхідні (0 до опрацювання)', 'Підсумки', 'Етап і учасники']) {
      await lead.getByRole('tab', { name: tab }).waitFor();
    }
    await lead.getByText('Бачать: лише медіатори').waitFor();
    await lead.getByText('Бачать: медіатори та делегація сторони «Північ»').waitFor();
    await expectNoEnglish(lead);
    await screenshot(lead, 'uk-console-rooms');

    // Invites, made through the Ukrainian console.
    await lead.getByRole('tab', { name: 'Етап і учасники' }).click();
    const section = lead.getByRole('tabpanel');
    const makeLink = async (role: string) => {
      await section.getByLabel('Роль').selectOption({ label: role });
      await section.getByRole('button', { name: 'Створити посилання-запрошення' }).click();
      const form = section.locator('form.invite-form');
      await form.getByText('Посилання-запрошення створено.', { exact: false }).waitFor();
      return form.getByRole('textbox', { name: 'Посилання-запрошення' }).inputValue();
    };
    const headLink = await makeLink('Голова делегації');
    const observerLink = await makeLink('Спостерігач');
    await screenshot(lead, 'uk-console-members');

    const { page: head, context: headContext } = await openWindow(browser);
    await joinInUkrainian(head, headLink, 'Нілс Норт');
    await head.getByRole('heading', { level: 1, name: 'Кімната сторони «Північ»' }).waitFor();
    await head
      .getByRole('region', { name: 'Закрита нарада' })
      .getByText('Бачать: лише ваша делегація (медіатори цього не бачать)')
      .waitFor();
    await head
      .getByRole('region', { name: 'Надіслати позицію' })
      .getByRole('radio', { name: 'Дослівно' })
      .waitFor();
    await head.getByRole('region', { name: 'Пропозиції від медіатора' }).waitFor();
    await expectNoEnglish(head);
    await screenshot(head, 'uk-party-room');

    // The choice is remembered: a reload keeps Ukrainian.
    await head.reload();
    await head.getByRole('region', { name: 'Закрита нарада' }).waitFor();

    const { page: observer, context: observerContext } = await openWindow(browser, {
      width: 1024,
      height: 768,
    });
    await joinInUkrainian(observer, observerLink, 'Ольга');
    await observer.getByRole('region', { name: 'Опубліковані підсумки' }).waitFor();
    await observer
      .getByRole('region', { name: 'Ключові події' })
      .getByText('Розпочато переговори «Переговори про гавань».')
      .waitFor();
    await expectNoEnglish(observer);
    await screenshot(observer, 'uk-observer-gallery');

    await Promise.all([leadContext.close(), headContext.close(), observerContext.close()]);
  });
});
