import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../shared/src/events.js';
import type { MemberView } from '../../shared/src/protocol.js';
import { memoryKeyStore } from '../../client/src/api/key-store.js';
import { KeyStoreContext } from '../../client/src/features/room/agreement/key-store-context.js';
import { PartyRoom } from '../../client/src/features/room/PartyRoom.js';
import type { Language } from '../../client/src/i18n/index.js';
import { EventFactory, MEDIATOR, NORTH, SOUTH, SOUTH_HEAD } from './support/events.js';
import { missingKeys } from './support/missing-keys.js';
import {
  agreed,
  ids,
  northDelegate,
  northHead,
  northMarksAll,
  twoVersions,
} from './support/party-agreement.js';
import { renderWithTalks, type SentCommand } from './support/render.js';

afterEach(cleanup);

/** The room with its Agreement tab open; each render gets its own key store. */
async function openAgreement(me: MemberView, events: WireEvent[], language: Language = 'en') {
  const store = memoryKeyStore();
  const rendered = renderWithTalks(
    <KeyStoreContext.Provider value={() => Promise.resolve(store)}>
      <PartyRoom />
    </KeyStoreContext.Provider>,
    { me, events, language },
  );
  await userEvent.click(screen.getByRole('tab', { name: language === 'uk' ? 'Угода' : 'Agreement' }));
  return rendered;
}

/** What the member did: a head's signing key is also registered on its own as the room opens. */
const acts = (sent: SentCommand[]) => sent.filter((s) => s.command.type !== 'member.registerKey');

const clause = (number: number) => screen.getByRole('article', { name: `Clause ${number}` });
const column = (scope: HTMLElement, language: string) =>
  within(scope).getAllByTestId(`text-${language}`)[0] as HTMLElement;

describe('the agreement tab of a party room', () => {
  it('shows the latest version with the languages side by side, the non-authentic ones marked, and the glossary’s terms defined', async () => {
    await openAgreement(northHead, twoVersions());
    expect(screen.getByTestId('agreement-privacy').textContent).toMatch(
      /go only to the mediators\. The other party never sees them/,
    );
    const agenda = screen.getByRole('list', { name: 'Agenda' });
    expect(within(agenda).getByText('1. Water sharing')).toBeTruthy();
    expect(within(agenda).getByText('2. Border')).toBeTruthy();

    expect(screen.getByTestId('version-heading').textContent).toBe('Version 2');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Version' }).value).toBe('2');
    const first = clause(1);
    expect(within(first).getByTestId('clause-state').textContent).toBe('Agreed');
    const english = column(first, 'en');
    expect(within(english).getByText('authentic')).toBeTruthy();
    expect(english.textContent).toContain('In a dry year the waters are shared 55/45.');
    const term = within(english).getByTestId('glossary-term');
    expect(term.textContent).toBe('dry year');
    expect(term.getAttribute('title')).toBe('A year with less than 60% of the mean flow.');
    const ukrainian = column(first, 'uk');
    expect(within(ukrainian).getByText('not authentic')).toBeTruthy();
    expect(within(ukrainian).getByTestId('glossary-term').getAttribute('title')).toBe(
      'Рік зі стоком менше 60% середнього.',
    );
    expect(within(column(first, 'ru')).getByText('Not translated yet.')).toBeTruthy();
    expect(within(screen.getByTestId('glossary')).getAllByTestId('glossary-entry')).toHaveLength(1);
    expect(missingKeys()).toEqual([]);
  });

  it('reads an earlier version with its bracketed wordings and our comment there, and shows what changed since', async () => {
    await openAgreement(northDelegate, twoVersions());
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Version' }), '1');
    expect(
      screen.getByText(/You are reading an earlier version\. Version 2 is the current text/),
    ).toBeTruthy();
    const first = clause(1);
    expect(within(first).getByTestId('clause-state').textContent).toBe('Bracketed');
    expect(
      within(first)
        .getAllByTestId('clause-alternative')
        .map((a) => a.querySelector('p')?.textContent),
    ).toEqual(['Wording A', 'Wording B']);
    expect(within(first).queryByRole('group', { name: "Your party's mark on clause 1" })).toBeNull();
    const comment = within(first).getByTestId('clause-comment');
    expect(comment.textContent).toContain('We cannot accept 60/40.');
    expect(within(comment).getByText('Objects')).toBeTruthy();
    expect(within(first).getByText('You object')).toBeTruthy();

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Version' }), '2');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Show changes from' }), '1');
    const diff = screen.getByRole('region', { name: 'Changes from version 1 to version 2' });
    const [reworded, settled] = within(diff).getAllByTestId('diff-clause') as [HTMLElement, HTMLElement];
    expect(reworded.getAttribute('data-change')).toBe('changed');
    const english = within(reworded).getByTestId('diff-en');
    expect(english.querySelector('del')?.textContent).toBe('[60/40].');
    expect(english.querySelector('ins')?.textContent).toBe('55/45.');
    expect(english.querySelector('p[lang]')?.textContent).toBe(
      'In a dry year the waters are shared [60/40].55/45.',
    );
    // Clause 2 kept its words: only its state moved.
    expect(within(settled).getByText('Open → Agreed')).toBeTruthy();
    expect(settled.querySelector('ins, del')).toBeNull();
    expect(missingKeys()).toEqual([]);
  });

  it('sends a comment with an objection to the mediators only, and says so', async () => {
    const { sent } = await openAgreement(northDelegate, twoVersions());
    const second = clause(2);
    expect(
      within(second).getByText('Visible to: the mediators and your delegation only, never the other party'),
    ).toBeTruthy();
    await userEvent.type(
      within(second).getByRole('textbox', { name: 'Comment on clause 2 for the mediators' }),
      'Patrols need a schedule.',
    );
    await userEvent.click(within(second).getByRole('checkbox', { name: 'We object to this clause' }));
    await userEvent.click(within(second).getByRole('button', { name: 'Send to the mediators' }));
    expect(sent.map((s) => s.command)).toEqual([
      {
        type: 'text.comment',
        payload: { version: 2, clauseId: ids.patrols, text: 'Patrols need a schedule.', objects: true },
      },
    ]);
  });

  it('lets a delegate read and comment but not mark, accept, consent or register a key', async () => {
    const f = new EventFactory();
    const events = [
      ...twoVersions(f),
      f.event('item.earlyProposed', 'joint', { itemId: ids.border }, MEDIATOR),
    ];
    const { sent } = await openAgreement(northDelegate, events);
    expect(screen.queryByTestId('mark-live-with')).toBeNull();
    expect(screen.getAllByText('Only your head of delegation marks clauses.')).toHaveLength(2);
    expect(screen.queryByTestId('package-accept')).toBeNull();
    expect(
      screen.getByText('Only your head of delegation marks clauses and accepts the package.'),
    ).toBeTruthy();
    expect(screen.queryByTestId('early-consent')).toBeNull();
    expect(screen.getByText('Only your head of delegation can consent.')).toBeTruthy();
    expect(screen.queryByTestId('signing-key')).toBeNull();
    expect(sent).toEqual([]);
  });

  it('lets the head mark clauses, then accept the whole package once every clause is lived with', async () => {
    const f = new EventFactory();
    const events = twoVersions(f);
    const { sent, rerenderWith } = await openAgreement(northHead, events);
    const pkg = screen.getByTestId('our-package');
    expect(within(pkg).getByTestId('package-lived-with').textContent).toBe(
      'Clauses your party can live with: 0 of 2. Still to mark: 1, 2.',
    );
    const acceptFirst = within(pkg).getByRole<HTMLButtonElement>('button', {
      name: 'Accept the whole package of version 2…',
    });
    expect(acceptFirst.disabled).toBe(true);

    const mark = within(clause(1)).getByRole('group', { name: "Your party's mark on clause 1" });
    expect(mark.getAttribute('data-mark')).toBe('none');
    await userEvent.click(within(mark).getByRole('button', { name: 'We can live with it' }));
    expect(acts(sent).map((s) => s.command)).toEqual([
      { type: 'package.mark', payload: { version: 2, clauseId: ids.sharing, canLiveWith: true } },
    ]);

    rerenderWith([...events, ...northMarksAll(f)]);
    expect(within(clause(1)).getByTestId('clause-mark').getAttribute('data-mark')).toBe('liveWith');
    expect(
      within(clause(1)).getByRole('button', { name: 'We can live with it' }).getAttribute('aria-pressed'),
    ).toBe('true');
    const accept = screen.getByRole('button', { name: 'Accept the whole package of version 2…' });
    expect((accept as HTMLButtonElement).disabled).toBe(false);
    await userEvent.click(accept);
    const confirm = screen.getByRole('group', { name: 'Confirm acceptance of the package' });
    expect(confirm.textContent).toContain('Accept the whole text of version 2 for your party?');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Yes, accept version 2' }));
    expect(acts(sent).at(-1)?.command).toEqual({ type: 'package.accept', payload: { version: 2 } });
    expect(missingKeys()).toEqual([]);
  });

  it('shows only the party’s own marks, never another party’s', async () => {
    const f = new EventFactory();
    // A mark of South's, as a mediator would read it: it must not count as North's.
    const south = f.event(
      'package.marked',
      `room:${SOUTH}`,
      { version: 2, clauseId: ids.sharing, partyId: SOUTH, canLiveWith: true },
      SOUTH_HEAD,
    );
    await openAgreement(northHead, [...twoVersions(f), south]);
    expect(within(clause(1)).getByTestId('clause-mark').getAttribute('data-mark')).toBe('none');
    expect(screen.getByTestId('package-lived-with').textContent).toMatch(
      /^Clauses your party can live with: 0 of 2\./,
    );
  });

  it('lets the head consent to implementing an item early, then shows it implemented', async () => {
    const f = new EventFactory();
    const events = [
      ...twoVersions(f),
      f.event('item.earlyProposed', 'joint', { itemId: ids.border }, MEDIATOR),
    ];
    const { sent, rerenderWith } = await openAgreement(northHead, events);
    const border = screen.getByRole('article', { name: 'Agenda item 2: Border' });
    expect(within(border).getByTestId('early-consent-state').textContent).toBe(
      'Your party has not consented.',
    );
    await userEvent.click(within(border).getByRole('button', { name: 'Consent to early implementation' }));
    expect(acts(sent).map((s) => s.command)).toEqual([
      { type: 'item.consentEarly', payload: { itemId: ids.border } },
    ]);

    const consented = f.event('item.earlyConsented', `room:${NORTH}`, { itemId: ids.border, partyId: NORTH });
    rerenderWith([...events, consented]);
    expect(screen.getByTestId('early-consent-state').textContent).toBe('Your party has consented.');
    expect(screen.queryByTestId('early-consent')).toBeNull();
    rerenderWith([
      ...events,
      consented,
      f.event('item.implementedEarly', 'gallery', { itemId: ids.border, title: 'Border' }),
    ]);
    expect(within(screen.getByTestId('agenda-item-2')).getByTestId('early-implemented').textContent).toMatch(
      /^Implemented early/,
    );
  });

  it('says the package is agreed and offers signing once it is', async () => {
    const f = new EventFactory();
    await openAgreement(northHead, [...twoVersions(f), ...agreed(f)]);
    expect(screen.getByTestId('package-agreed').textContent).toBe(
      'The package was agreed: version 2 is the final text.',
    );
    expect(screen.getByTestId('version-agreed')).toBeTruthy();
    expect(screen.queryByTestId('mark-live-with')).toBeNull();
    expect(screen.getByRole('region', { name: 'Signing the agreement' })).toBeTruthy();
  });

  it('speaks Ukrainian', async () => {
    await openAgreement(northHead, twoVersions(), 'uk');
    expect(screen.getByTestId('agreement-privacy').textContent).toMatch(/Інша сторона їх ніколи не бачить/);
    expect(screen.getByRole('region', { name: 'Текст для переговорів' })).toBeTruthy();
    const first = screen.getByRole('article', { name: 'Положення 1' });
    expect(within(column(first, 'en')).getByText('автентичний')).toBeTruthy();
    expect(within(column(first, 'uk')).getByText('не автентичний')).toBeTruthy();
    expect(within(first).getByRole('button', { name: 'Ми можемо з цим погодитися' })).toBeTruthy();
    expect(missingKeys()).toEqual([]);
  });
});
