import { describe, expect, it } from 'vitest';
import { asId, type ClauseId, type Command } from '../../shared/src/index.js';
import { talks } from '../support/domain.js';
import { accept, addItem, agreedTalks, draftClause, markAll, share, texts } from './agreement-support.js';

const NOWHERE = '00000000-0000-4000-8000-0000000fffff';
const EMPTY = { en: '', uk: '', ru: '' };

const drafting = () => {
  const s = talks({ parties: ['A', 'B', 'C'] })
    .withEveryone()
    .inPhase('pre-negotiation');
  const itemId = addItem(s, 'Withdrawal');
  return { s, itemId };
};

const setState = (
  clauseId: string,
  state: 'open' | 'bracketed' | 'provisionally-agreed' | 'agreed',
  alternative?: string,
): Command => ({
  type: 'text.setClauseState',
  payload: { clauseId, state, ...(alternative === undefined ? {} : { alternative }) },
});

describe('[TXT1] the mediators draft the text in private', () => {
  it('[TXT1] a mediator drafts a numbered clause linked to agenda items; only the mediators receive it', () => {
    const { s, itemId } = drafting();
    const outcome = s.when(
      { type: 'text.draftClause', payload: { agendaItemIds: [itemId], texts: texts('Forces withdraw.') } },
      'co',
    );
    outcome
      .then({
        type: 'text.clauseDrafted',
        payload: {
          clauseId: outcome.id('clauseId'),
          number: 1,
          agendaItemIds: [itemId],
          texts: { ...EMPTY, en: 'Forces withdraw.' },
          alternatives: [],
          state: 'open',
        },
      })
      .thenAudiences('mediation');
  });

  it('[TXT1] delegations and observers cannot draft', () => {
    const { s } = drafting();
    for (const who of ['head:A', 'delegate:B', 'observer:A']) {
      s.when(
        { type: 'text.draftClause', payload: { agendaItemIds: [], texts: texts('Ours.') } },
        who,
      ).thenError('FORBIDDEN');
    }
  });

  it('[TXT1] a revision names the languages it changes, keeps the others, and keeps the clause’s number', () => {
    const { s, itemId } = drafting();
    draftClause(s, 'First.');
    const clauseId = draftClause(s, 'Forces withdraw.', { itemIds: [itemId] });
    s.when(
      {
        type: 'text.draftClause',
        payload: { clauseId, agendaItemIds: [itemId], texts: { uk: 'Сили відводяться.' } },
      },
      'lead',
    ).then({
      type: 'text.clauseDrafted',
      payload: {
        clauseId,
        number: 2,
        agendaItemIds: [itemId],
        texts: { en: 'Forces withdraw.', uk: 'Сили відводяться.', ru: '' },
        alternatives: [],
        state: 'open',
      },
    });
  });

  it('[TXT1] a reworded clause reopens; a clause whose links alone change keeps its state; no change is CONFLICT', () => {
    const { s, itemId } = drafting();
    const clauseId = draftClause(s, 'Forces withdraw.');
    s.run(setState(clauseId, 'agreed'), 'lead');
    s.when(
      { type: 'text.draftClause', payload: { clauseId, agendaItemIds: [itemId], texts: {} } },
      'lead',
    ).thenResult({ clauseId });
    expect(
      s.when({ type: 'text.draftClause', payload: { clauseId, agendaItemIds: [itemId], texts: {} } }, 'lead')
        .events[0]?.payload,
    ).toMatchObject({ state: 'agreed' });
    expect(
      s.when(
        { type: 'text.draftClause', payload: { clauseId, agendaItemIds: [], texts: texts('Forces leave.') } },
        'lead',
      ).events[0]?.payload,
    ).toMatchObject({ state: 'open' });
    s.when(
      {
        type: 'text.draftClause',
        payload: { clauseId, agendaItemIds: [], texts: texts('Forces withdraw.') },
      },
      'lead',
    ).thenError('CONFLICT');
  });

  it('[TXT1] bracketed wordings: two or more, with distinct labels; a clause with them starts bracketed', () => {
    const { s } = drafting();
    const bracket = (labels: string[]): Command => ({
      type: 'text.draftClause',
      payload: {
        agendaItemIds: [],
        texts: texts('Within [a period].'),
        alternatives: labels.map((label) => ({ label, texts: texts(`${label} days`) })),
      },
    });
    s.when(bracket(['60']), 'lead').thenError('INVALID_INPUT');
    s.when(bracket(['A', 'a']), 'lead').thenError('INVALID_INPUT');
    expect(s.when(bracket(['A', 'B']), 'lead').events[0]?.payload).toMatchObject({
      state: 'bracketed',
      alternatives: [
        { label: 'A', texts: { ...EMPTY, en: 'A days' } },
        { label: 'B', texts: { ...EMPTY, en: 'B days' } },
      ],
    });
  });

  it('[TXT1] a clause needs words; unknown clauses and agenda items are NOT_FOUND', () => {
    const { s } = drafting();
    s.when({ type: 'text.draftClause', payload: { agendaItemIds: [], texts: { en: '' } } }, 'lead').thenError(
      'INVALID_INPUT',
    );
    s.when(
      { type: 'text.draftClause', payload: { clauseId: NOWHERE, agendaItemIds: [], texts: texts('x') } },
      'lead',
    ).thenNotFound();
    s.when(
      { type: 'text.draftClause', payload: { agendaItemIds: [NOWHERE], texts: texts('x') } },
      'lead',
    ).thenNotFound();
  });
});

describe('[TXT2] clause states, set by the mediators', () => {
  const bracketed = () => {
    const { s } = drafting();
    const clauseId = draftClause(s, 'Within [a period].', {
      alternatives: [
        { label: 'A', en: '60 days' },
        { label: 'B', en: '120 days' },
      ],
    });
    return { s, clauseId };
  };

  it('[TXT2] a clause moves between open, provisionally agreed and agreed, in the mediators’ audience', () => {
    const { s } = drafting();
    const clauseId = draftClause(s, 'Forces withdraw.');
    for (const state of ['provisionally-agreed', 'agreed', 'open'] as const) {
      s.when(setState(clauseId, state), 'co')
        .then({
          type: 'text.clauseStateSet',
          payload: {
            clauseId,
            state,
            chosen: null,
            texts: { ...EMPTY, en: 'Forces withdraw.' },
            alternatives: [],
          },
        })
        .thenAudiences('mediation');
      s.run(setState(clauseId, state), 'co');
    }
    s.when(setState(clauseId, 'open'), 'co').thenError('CONFLICT');
  });

  it('[TXT2] leaving the brackets means choosing one wording: it takes the brackets’ place, the rest stays', () => {
    const { s, clauseId } = bracketed();
    s.when(setState(clauseId, 'agreed'), 'lead').thenError('CONFLICT', /A, B/);
    s.when(setState(clauseId, 'agreed', 'C'), 'lead').thenError('INVALID_INPUT');
    s.when(setState(clauseId, 'provisionally-agreed', 'B'), 'lead').then({
      type: 'text.clauseStateSet',
      payload: {
        clauseId,
        state: 'provisionally-agreed',
        chosen: 'B',
        texts: { ...EMPTY, en: 'Within 120 days.' },
        alternatives: [],
      },
    });
  });

  it('[TXT2] resolving a clause whose wording marks no place keeps its opening text, the choice follows it', () => {
    const { s } = drafting();
    const opening = 'During the dry season, the water of the Blue River shall be shared as follows:';
    const clauseId = draftClause(s, opening, {
      alternatives: [
        { label: 'A', en: 'equally between the Parties.' },
        { label: 'B', en: 'in proportion to the irrigated land of each Party.' },
      ],
    });
    const payload = s.when(setState(clauseId, 'open', 'B'), 'lead').events[0]?.payload;
    expect(payload).toMatchObject({
      chosen: 'B',
      texts: { ...EMPTY, en: `${opening} in proportion to the irrigated land of each Party.` },
      alternatives: [],
    });
  });

  it('[TXT2] bracketed needs alternatives, and takes no choice', () => {
    const { s } = drafting();
    const plain = draftClause(s, 'Forces withdraw.');
    s.when(setState(plain, 'bracketed'), 'lead').thenError('CONFLICT');
    s.when(setState(plain, 'agreed', 'A'), 'lead').thenError('INVALID_INPUT');
    const { s: t, clauseId } = bracketed();
    t.when(setState(clauseId, 'bracketed', 'A'), 'lead').thenError('INVALID_INPUT');
    t.when(setState(clauseId, 'bracketed'), 'lead').thenError('CONFLICT');
  });

  it('[TXT2] agreed needs a wording in the authentic language', () => {
    const { s } = drafting();
    const clauseId = String(
      s.run(
        { type: 'text.draftClause', payload: { agendaItemIds: [], texts: { uk: 'Сили відводяться.' } } },
        'lead',
      ).result.clauseId,
    );
    s.when(setState(clauseId, 'agreed'), 'lead').thenError('CONFLICT', /authentic language \(en\)/);
    s.when(setState(clauseId, 'provisionally-agreed'), 'lead').thenError('CONFLICT');
    s.run({ type: 'text.setAuthentic', payload: { language: 'uk' } }, 'lead');
    s.when(setState(clauseId, 'agreed'), 'lead').thenOk();
  });

  it('[TXT2] only mediators set states; an unknown clause is NOT_FOUND', () => {
    const { s } = drafting();
    const clauseId = draftClause(s, 'Forces withdraw.');
    for (const who of ['head:A', 'delegate:B', 'observer:A'])
      s.when(setState(clauseId, 'agreed'), who).thenError('FORBIDDEN');
    s.when(setState(NOWHERE, 'agreed'), 'lead').thenNotFound();
  });
});

describe('[TXT3] sharing a version with every party at the same moment', () => {
  it('[TXT3] the whole draft becomes version 1 in ONE joint event: every delegation at once, none first', () => {
    const { s, itemId } = drafting();
    const clauseId = draftClause(s, 'Forces withdraw.', { itemIds: [itemId] });
    s.when({ type: 'text.shareVersion', payload: {} }, 'co')
      .then({
        type: 'text.versionShared',
        payload: {
          version: 1,
          authenticLanguage: 'en',
          clauses: [
            {
              clauseId,
              number: 1,
              agendaItemIds: [itemId],
              state: 'open',
              texts: { ...EMPTY, en: 'Forces withdraw.' },
              alternatives: [],
            },
          ],
          glossary: [],
        },
      })
      .thenAudiences('joint')
      .thenResult({ version: 1 });
  });

  it('[TXT3] a shared version is the mediators’ text: the actor is the mediator and nothing in it names a party', () => {
    const { s } = drafting();
    const submissionId = String(
      s.run(
        { type: 'submission.create', payload: { text: 'Our wording.', disclosure: 'verbatim' } },
        'head:A',
      ).result.submissionId,
    );
    const clauseId = draftClause(s, 'Our wording.');
    s.run(
      { type: 'agenda.link', payload: { itemId: s.state.agreement.agendaOrder[0] ?? '', clauseId } },
      'lead',
    );
    share(s);
    const shared = s.stored().filter((event) => event.type === 'text.versionShared');
    expect(shared).toHaveLength(1);
    expect(shared[0]?.actor.role).toBe('lead-mediator');
    const wire = JSON.stringify(shared[0]?.payload);
    for (const party of s.state.parties) expect(wire).not.toContain(party.id);
    expect(wire).not.toContain(submissionId);
  });

  it('[TXT3] versions are numbered and kept; nothing drafted, or nothing changed, is CONFLICT', () => {
    const { s } = drafting();
    s.when({ type: 'text.shareVersion', payload: {} }, 'lead').thenError('CONFLICT');
    const clauseId = draftClause(s, 'Forces withdraw.');
    expect(share(s)).toBe(1);
    s.when({ type: 'text.shareVersion', payload: {} }, 'lead').thenError('CONFLICT', /version 1/);
    s.run(setState(clauseId, 'agreed'), 'lead');
    expect(share(s)).toBe(2);
    expect(s.state.agreement.versions.map((v) => v.clauses[0]?.state)).toEqual(['open', 'agreed']);
  });

  it('[TXT3] only mediators share', () => {
    const { s } = drafting();
    draftClause(s, 'Forces withdraw.');
    for (const who of ['head:A', 'delegate:B', 'observer:A'])
      s.when({ type: 'text.shareVersion', payload: {} }, who).thenError('FORBIDDEN');
  });
});

describe('[TXT4] each party comments in private', () => {
  const shared = () => {
    const { s } = drafting();
    const clauseId = draftClause(s, 'Forces withdraw.');
    const version = share(s);
    return { s, clauseId, version };
  };
  const comment = (version: number, clauseId: string, text = 'Too fast.', objects = true): Command => ({
    type: 'text.comment',
    payload: { version, clauseId, text, objects },
  });

  it('[TXT4] a comment reaches only the commenting party’s room (the mediators read it there)', () => {
    const { s, clauseId, version } = shared();
    for (const [who, party] of [
      ['head:A', 'A'],
      ['delegate:B', 'B'],
      ['delegate:C', 'C'],
    ] as const) {
      const outcome = s.when(comment(version, clauseId, `objection of ${party}`), who);
      outcome
        .then({
          type: 'text.commented',
          payload: {
            commentId: outcome.id('commentId'),
            version,
            clauseId,
            partyId: s.party(party),
            text: `objection of ${party}`,
            objects: true,
          },
        })
        .thenAudiences(s.room(party));
    }
  });

  it('[TXT4] mediators and observers do not comment; an unknown version or a clause not in it is NOT_FOUND', () => {
    const { s, clauseId, version } = shared();
    for (const who of ['lead', 'co', 'observer:A'])
      s.when(comment(version, clauseId), who).thenError('FORBIDDEN');
    s.when(comment(version + 1, clauseId), 'head:A').thenNotFound();
    s.when(comment(version, NOWHERE), 'head:A').thenNotFound();
    const later = draftClause(s, 'Prisoners are released.');
    s.when(comment(version, later), 'head:A').thenNotFound();
  });

  it('[TXT4] a comment may say the party can live with the clause', () => {
    const { s, clauseId, version } = shared();
    expect(s.when(comment(version, clauseId, 'Fine.', false), 'delegate:A').events[0]?.payload).toMatchObject(
      { objects: false },
    );
  });
});

describe('[TXT6] once the package is agreed, its text is final', () => {
  it('[TXT6] drafting, states, the authentic language, the glossary and sharing are all CONFLICT', () => {
    const { s, version } = agreedTalks();
    const clauseId = s.state.agreement.clauseOrder[0] ?? '';
    const termId = s.state.agreement.termOrder[0] ?? '';
    const refused: Command[] = [
      { type: 'text.draftClause', payload: { agendaItemIds: [], texts: texts('One more.') } },
      { type: 'text.draftClause', payload: { clauseId, agendaItemIds: [], texts: texts('Changed.') } },
      setState(clauseId, 'open'),
      { type: 'text.setAuthentic', payload: { language: 'ru' } },
      { type: 'glossary.define', payload: { term: texts('new'), definition: texts('New.') } },
      { type: 'glossary.setState', payload: { termId, state: 'open' } },
      { type: 'text.shareVersion', payload: {} },
    ];
    for (const command of refused) s.when(command, 'lead').thenError('CONFLICT', /final/);
    s.when(accept(version), 'head:A').thenError('CONFLICT');
    s.when({ type: 'package.mark', payload: { version, clauseId, canLiveWith: false } }, 'head:A').thenError(
      'CONFLICT',
    );
    expect(s.state.agreement.clauses[asId<ClauseId>(clauseId)]?.state).toBe('agreed');
  });

  it('[TXT6] until then the mediators revise freely, and a new version needs new marks', () => {
    const s = talks().withEveryone().inPhase('negotiation');
    const clauseId = draftClause(s, 'Forces withdraw.');
    s.run(setState(clauseId, 'agreed'), 'lead');
    const first = share(s);
    markAll(s, first);
    s.run(
      {
        type: 'text.draftClause',
        payload: { clauseId, agendaItemIds: [], texts: { ru: 'Силы отводятся.' } },
      },
      'lead',
    );
    s.run(setState(clauseId, 'agreed'), 'lead');
    const second = share(s);
    s.when(accept(second), 'head:A').thenError('CONFLICT', /not marked/);
  });
});
