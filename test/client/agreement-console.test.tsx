import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../shared/src/events.js';
import { MediatorConsole } from '../../client/src/features/console/MediatorConsole.js';
import {
  agreementIds,
  earlyBorder,
  packageMarks,
  signatures,
  toSecondVersion,
  upToFirstVersion,
  type AgreementIds,
} from './support/agreement-events.js';
import { EventFactory } from './support/events.js';
import { missingKeys } from './support/missing-keys.js';
import { member, renderWithTalks } from './support/render.js';

// The mediators' agreement workbench, driven as a mediator would: through the
// Agreement tab of the console, by visible labels, with a recording `send`.

afterEach(cleanup);

const lead = member('lead-mediator', 'Mara Lind');

const openAgreement = async (section: RegExp) => {
  await userEvent.click(screen.getByRole('tab', { name: 'Agreement' }));
  await userEvent.click(screen.getByRole('tab', { name: section }));
};

/** The agreement section on show (the others stay mounted but hidden). */
const shown = () => {
  const panels = screen.getAllByRole('tabpanel');
  const inner = panels.at(-1);
  if (!inner) throw new Error('no section shown');
  return within(inner);
};

function stage(build: (f: EventFactory, ids: AgreementIds) => WireEvent[]) {
  const ids = agreementIds();
  return { ids, events: build(new EventFactory(), ids) };
}

describe('the agreement workbench in the mediator console', () => {
  it('says what to do next in every section of a talks with no agenda and no text', async () => {
    const f = new EventFactory();
    renderWithTalks(<MediatorConsole />, { me: lead, events: [f.opened()] });
    await openAgreement(/^Agenda/);
    expect(shown().getByText(/No agenda items yet — add the first item above/)).toBeTruthy();
    await userEvent.click(screen.getByRole('tab', { name: /^Text/ }));
    expect(shown().getByText(/No clauses yet — draft the first clause/)).toBeTruthy();
    const share = shown().getByRole<HTMLButtonElement>('button', { name: 'Share as version 1…' });
    expect(share.disabled).toBe(true);
    expect(shown().getByText('Draft a clause before sharing the text.')).toBeTruthy();
    await userEvent.click(screen.getByRole('tab', { name: /^Versions/ }));
    expect(shown().getByText(/No version shared yet — draft clauses in the Text section/)).toBeTruthy();
    await userEvent.click(screen.getByRole('tab', { name: 'Package' }));
    expect(shown().getByText(/No version shared yet — once a version is shared/)).toBeTruthy();
    await userEvent.click(screen.getByRole('tab', { name: 'Signatures' }));
    expect(shown().getByText(/Nothing to sign yet/)).toBeTruthy();
    expect(missingKeys()).toEqual([]);
  });

  it('adds an agenda item and links an item to a party’s submission', async () => {
    const { ids, events } = stage(upToFirstVersion);
    const { sent } = renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Agenda \(2\)/);
    const form = shown().getByRole('form', { name: 'Add an agenda item' });
    await userEvent.type(within(form).getByLabelText('Title'), 'Fisheries');
    await userEvent.click(within(form).getByRole('button', { name: 'Add item' }));

    const border = shown().getByRole('article', { name: 'Item 2: Border' });
    expect(within(border).getByText('Nothing linked yet.')).toBeTruthy();
    const water = shown().getByRole('article', { name: 'Item 1: Water sharing' });
    expect(within(water).getByText(/We need 60% of the water/)).toBeTruthy();
    const linkForm = within(border).getByRole('form', { name: 'Link item 2' });
    await userEvent.selectOptions(within(linkForm).getByLabelText('Link to a'), 'clause');
    await userEvent.selectOptions(within(linkForm).getByLabelText('Which one'), ids.patrols);
    await userEvent.click(within(linkForm).getByRole('button', { name: 'Link' }));

    expect(sent.map((s) => s.command)).toEqual([
      { type: 'agenda.add', payload: { title: 'Fisheries', description: '' } },
      { type: 'agenda.link', payload: { itemId: ids.border, clauseId: ids.patrols } },
    ]);
  });

  it('drafts a clause in several languages with bracketed wordings, checking it before sending', async () => {
    const { ids, events } = stage((f, i) => upToFirstVersion(f, i).slice(0, 6));
    const { sent } = renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Text \(0\)/);
    await userEvent.click(shown().getByRole('button', { name: 'Draft a new clause…' }));
    const editor = shown().getByRole('form', { name: 'New clause' });
    const save = within(editor).getByRole<HTMLButtonElement>('button', { name: 'Save the clause' });
    expect(save.disabled).toBe(true);
    expect(within(editor).getByText('Write the clause in at least one language.')).toBeTruthy();

    await userEvent.click(within(editor).getByLabelText('Item 1: Water sharing'));
    await userEvent.type(within(editor).getByLabelText('Text in English'), 'The waters are shared.');
    await userEvent.type(within(editor).getByLabelText('Text in Ukrainian'), 'Води розподіляються.');
    await userEvent.click(within(editor).getByRole('button', { name: 'Add a bracketed wording' }));
    expect(within(editor).getByText('Bracket at least two wordings, or none.')).toBeTruthy();
    expect(save.disabled).toBe(true);
    await userEvent.click(within(editor).getByRole('button', { name: 'Add a bracketed wording' }));
    await userEvent.type(within(editor).getByLabelText('Wording 1 in English'), 'Shared 60/40.');
    await userEvent.type(within(editor).getByLabelText('Wording 2 in English'), 'Shared 55/45.');
    expect(save.disabled).toBe(false);
    await userEvent.click(save);

    expect(sent.map((s) => s.command)).toEqual([
      {
        type: 'text.draftClause',
        payload: {
          agendaItemIds: [ids.water],
          texts: { en: 'The waters are shared.', uk: 'Води розподіляються.', ru: '' },
          alternatives: [
            { label: 'A', texts: { en: 'Shared 60/40.', uk: '', ru: '' } },
            { label: 'B', texts: { en: 'Shared 55/45.', uk: '', ru: '' } },
          ],
        },
      },
    ]);
    expect(screen.queryByRole('form', { name: 'New clause' })).toBeNull();
  });

  it('shows each clause side by side in three languages, and resolves brackets only by choosing a wording', async () => {
    const { ids, events } = stage(upToFirstVersion);
    const { sent } = renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Text \(2\)/);
    const clause = shown().getByRole('article', { name: 'Clause 1' });
    const wording = within(clause).getByRole('group', { name: 'Wording of clause 1' });
    expect(within(wording).getByText('The waters of the river are shared.')).toBeTruthy();
    expect(within(wording).getAllByText('Not translated yet.')).toHaveLength(2);
    expect(within(clause).getByRole('group', { name: 'Clause 1, wording B' })).toBeTruthy();

    const state = within(clause).getByRole('form', { name: 'State of clause 1' });
    const apply = within(state).getByRole<HTMLButtonElement>('button', { name: 'Set state' });
    expect(within(state).getByLabelText<HTMLSelectElement>('New state').value).toBe('agreed');
    expect(apply.disabled).toBe(true);
    expect(within(state).getByText('Choose one of the bracketed wordings first.')).toBeTruthy();
    await userEvent.click(within(state).getByLabelText(/\[B\] The waters are shared 55\/45\./));
    await userEvent.click(apply);
    expect(sent.map((s) => s.command)).toEqual([
      { type: 'text.setClauseState', payload: { clauseId: ids.sharing, state: 'agreed', alternative: 'B' } },
    ]);
  });

  it('shows per clause which parties object and what they said in their rooms', async () => {
    const { events } = stage(upToFirstVersion);
    renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Text/);
    const first = shown().getByRole('article', { name: 'Clause 1' });
    expect(within(first).getByTestId('objections').textContent).toBe('Objecting in version 1: North, South');
    expect(within(first).getByText('We cannot accept 55/45.')).toBeTruthy();
    expect(within(first).getByText('60/40 is too much.')).toBeTruthy();
    const second = shown().getByRole('article', { name: 'Clause 2' });
    expect(within(second).getByTestId('objections').textContent).toBe(
      'No party objects to this clause in version 1.',
    );
    expect(within(second).getByText('Fine by us.')).toBeTruthy();
    expect(within(second).getByText('No objection')).toBeTruthy();
  });

  it('shares a version only after a confirmation that it goes to every party at once', async () => {
    const { events } = stage((f, ids) => upToFirstVersion(f, ids).slice(0, -4));
    const { sent } = renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Text/);
    expect(shown().getByTestId('unshared-count').textContent).toBe(
      'Nothing has been shared with the parties yet.',
    );
    await userEvent.click(shown().getByRole('button', { name: 'Share as version 1…' }));
    const dialog = screen.getByRole('dialog', { name: 'Share version 1 with every party?' });
    expect(within(dialog).getByTestId('share-warning').textContent).toContain(
      'goes to every delegation (North, South) at the same moment',
    );
    expect(within(dialog).getByText('New clauses: 2')).toBeTruthy();
    expect(sent).toHaveLength(0);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Yes, share version 1 with every party' }),
    );
    expect(sent.map((s) => s.command)).toEqual([{ type: 'text.shareVersion', payload: {} }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('cannot share again when nothing changed since the last version, and says so', async () => {
    const { events } = stage(upToFirstVersion);
    renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Text/);
    const share = shown().getByRole<HTMLButtonElement>('button', { name: 'Share as version 2…' });
    expect(share.disabled).toBe(true);
    expect(shown().getByText('Nothing changed since version 1.')).toBeTruthy();
  });

  it('shows a readable diff between two versions', async () => {
    const { events } = stage((f, ids) => [...upToFirstVersion(f, ids), ...toSecondVersion(f, ids)]);
    renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Versions \(2\)/);
    expect(shown().getByTestId('version-row-2')).toBeTruthy();
    const diff = shown().getByRole('region', { name: 'Changes from version 1 to version 2' });
    expect(within(diff).getByText('The authentic language changed from English to Ukrainian.')).toBeTruthy();
    const clause = within(diff).getByRole('article', { name: 'Clause 1' });
    const removed = [...clause.querySelectorAll('del')].map((d) => d.textContent).join('');
    const added = [...clause.querySelectorAll('ins')].map((d) => d.textContent).join('');
    expect(removed).toContain('of the river');
    expect(added).toContain('55/45.');
    expect(within(clause).getByText('Changed')).toBeTruthy();
    expect(within(clause).getByText('Bracketed wordings before: A, B')).toBeTruthy();

    await userEvent.selectOptions(shown().getByLabelText('From'), '2');
    expect(shown().getByText('Choose two different versions.')).toBeTruthy();
  });

  it('shows how far the package is from agreed, per party and per agenda item', async () => {
    const { events } = stage((f, ids) => [
      ...upToFirstVersion(f, ids),
      ...toSecondVersion(f, ids),
      ...packageMarks(f, ids, { complete: false }),
    ]);
    renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Package/);
    expect(shown().getByTestId('package-summary').textContent).toBe(
      'Version 2: steps left before the package is agreed: 3.',
    );
    const rows = shown().getAllByTestId('package-party');
    const north = rows.find((r) => r.dataset.party === 'North');
    const south = rows.find((r) => r.dataset.party === 'South');
    if (!north || !south) throw new Error('party rows missing');
    expect([...north.querySelectorAll('td')].map((c) => c.textContent)).toEqual([
      '2 of 2 clauses',
      '—',
      '—',
      'Yes',
    ]);
    expect([...south.querySelectorAll('td')].map((c) => c.textContent)).toEqual([
      '0 of 2 clauses',
      '1',
      '2',
      'Not yet',
    ]);
    const items = shown().getAllByTestId('package-item');
    expect(items.map((i) => i.textContent)).toEqual([
      'Item 1: Water sharing Clause 1: not yet marked as one they can live with by South',
      'Item 2: Border Clause 2: not yet marked as one they can live with by South',
    ]);
  });

  it('says the package is agreed and shows each head’s signature', async () => {
    const { events } = stage((f, ids) => [
      ...upToFirstVersion(f, ids),
      ...toSecondVersion(f, ids),
      ...packageMarks(f, ids, { complete: true }),
      ...signatures(f, ids, { complete: false }),
    ]);
    renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Package/);
    expect(shown().getByTestId('package-summary').textContent).toContain('The package is agreed: version 2.');
    await userEvent.click(screen.getByRole('tab', { name: /^Text/ }));
    expect(shown().getByTestId('agreement-blocked').textContent).toContain('its text is final');
    expect(shown().queryByRole('button', { name: 'Draft a new clause…' })).toBeNull();
    await userEvent.click(screen.getByRole('tab', { name: 'Signatures' }));
    const rows = shown().getAllByTestId('signature-party');
    expect(rows.map((r) => [r.dataset.party, r.dataset.signed])).toEqual([
      ['North', 'yes'],
      ['South', 'no'],
    ]);
    expect(shown().getByText('Signed by Nils North')).toBeTruthy();
    expect(shown().getByText('Not registered yet')).toBeTruthy();
  });

  it('proposes early implementation of an item after a confirmation, and shows each head’s consent', async () => {
    const { ids, events } = stage((f, i) => [...upToFirstVersion(f, i), ...earlyBorder(f, i).slice(0, 2)]);
    const { sent } = renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Agenda/);
    const border = shown().getByTestId('early-2');
    expect(within(border).getByText('Proposed for early implementation')).toBeTruthy();
    expect(
      within(border)
        .getAllByRole('listitem')
        .map((li) => [li.textContent, li.dataset.consented]),
    ).toEqual([
      ['North Consented', 'yes'],
      ['South Waiting', 'no'],
    ]);
    const water = shown().getByTestId('early-1');
    await userEvent.click(within(water).getByRole('button', { name: 'Propose early implementation…' }));
    expect(sent).toHaveLength(0);
    const confirm = within(water).getByRole('group', { name: 'Confirm the early-implementation proposal' });
    expect(confirm.textContent).toContain('Ask every delegation to let "Water sharing" bind on its own');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Yes, propose it' }));
    expect(sent.map((s) => s.command)).toEqual([
      { type: 'item.proposeEarly', payload: { itemId: ids.water } },
    ]);
  });

  it('shows the server’s reason in plain words when a command is refused', async () => {
    const { events } = stage(upToFirstVersion);
    renderWithTalks(<MediatorConsole />, {
      me: lead,
      events,
      answer: () => ({
        ok: false,
        error: {
          code: 'CONFLICT',
          message: 'It has no wording in the authentic language (en) yet: it cannot be agreed.',
        },
      }),
    });
    await openAgreement(/^Text/);
    const clause = shown().getByRole('article', { name: 'Clause 2' });
    await userEvent.click(within(clause).getByRole('button', { name: 'Set state' }));
    expect(within(clause).getByTestId('agreement-error').textContent).toBe(
      'Not done. The server says: It has no wording in the authentic language (en) yet: it cannot be agreed.',
    );
  });

  it('explains that the text cannot be drafted in the preparation phase', async () => {
    const f = new EventFactory();
    const events = [
      f.opened(),
      f.event('phase.changed', 'gallery', { from: 'pre-negotiation', to: 'preparation' }),
    ];
    renderWithTalks(<MediatorConsole />, { me: lead, events });
    await openAgreement(/^Text/);
    expect(shown().getByTestId('agreement-blocked').textContent).toBe(
      'The text can be drafted only in the pre-negotiation and negotiation phases; the talks are in the Preparation phase.',
    );
    await userEvent.click(screen.getByRole('tab', { name: /^Agenda/ }));
    expect(shown().getByRole('form', { name: 'Add an agenda item' })).toBeTruthy();
  });

  it('speaks Ukrainian and Russian throughout, with no key left untranslated', async () => {
    const { events } = stage((f, ids) => [
      ...upToFirstVersion(f, ids),
      ...toSecondVersion(f, ids),
      ...packageMarks(f, ids, { complete: false }),
    ]);
    for (const language of ['uk', 'ru'] as const) {
      renderWithTalks(<MediatorConsole />, { me: lead, events, language });
      await userEvent.click(screen.getByRole('tab', { name: language === 'uk' ? 'Угода' : 'Соглашение' }));
      for (const tab of screen.getAllByRole('tab').slice(5)) {
        await userEvent.click(tab);
      }
      cleanup();
    }
    expect(missingKeys()).toEqual([]);
  });
});
