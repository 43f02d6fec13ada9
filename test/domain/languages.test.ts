import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/src/index.js';
import { talks } from '../support/domain.js';
import { draftClause, share, texts } from './agreement-support.js';

const NOWHERE = '00000000-0000-4000-8000-0000000fffff';

const drafting = () => talks().withEveryone().inPhase('pre-negotiation');

const define = (
  term: Record<string, string>,
  definition: Record<string, string>,
  termId?: string,
): Command => ({
  type: 'glossary.define',
  payload: { term, definition, ...(termId === undefined ? {} : { termId }) },
});

describe('[LNG1] every text in English, Ukrainian and Russian; one authentic', () => {
  it('[LNG1] English is authentic until a mediator designates another language, in private', () => {
    const s = drafting();
    expect(s.state.agreement.authenticLanguage).toBe('en');
    s.when({ type: 'text.setAuthentic', payload: { language: 'uk' } }, 'co')
      .then({ type: 'text.authenticSet', payload: { language: 'uk' } })
      .thenAudiences('mediation');
    s.when({ type: 'text.setAuthentic', payload: { language: 'en' } }, 'lead').thenError('CONFLICT');
  });

  it('[LNG1] only mediators designate the authentic language', () => {
    const s = drafting();
    for (const who of ['head:A', 'delegate:B', 'observer:A']) {
      s.when({ type: 'text.setAuthentic', payload: { language: 'ru' } }, who).thenError('FORBIDDEN');
    }
  });

  it('[LNG1] every shared version carries every language of every clause and says which is authentic', () => {
    const s = drafting();
    s.run(
      { type: 'text.draftClause', payload: { agendaItemIds: [], texts: { en: 'Peace.', ru: 'Мир.' } } },
      'lead',
    );
    s.run({ type: 'text.setAuthentic', payload: { language: 'ru' } }, 'lead');
    share(s);
    expect(s.state.agreement.versions[0]).toMatchObject({
      authenticLanguage: 'ru',
      clauses: [{ texts: { en: 'Peace.', uk: '', ru: 'Мир.' } }],
    });
  });

  it('[LNG1] "" clears a translation; a language left out keeps its wording', () => {
    const s = drafting();
    const clauseId = String(
      s.run(
        { type: 'text.draftClause', payload: { agendaItemIds: [], texts: { en: 'Peace.', uk: 'Мир.' } } },
        'lead',
      ).result.clauseId,
    );
    expect(
      s.when(
        { type: 'text.draftClause', payload: { clauseId, agendaItemIds: [], texts: { uk: '' } } },
        'lead',
      ).events[0]?.payload,
    ).toMatchObject({
      texts: { en: 'Peace.', uk: '', ru: '' },
    });
  });
});

describe('[LNG2] a glossary of defined terms, agreed like clauses', () => {
  it('[LNG2] a mediator defines a term in private; it starts open', () => {
    const s = drafting();
    const outcome = s.when(
      define({ en: 'the lines' }, { en: 'The positions of 1 May.', uk: 'Позиції на 1 травня.' }),
      'co',
    );
    outcome
      .then({
        type: 'glossary.termDefined',
        payload: {
          termId: outcome.id('termId'),
          term: { en: 'the lines', uk: '', ru: '' },
          definition: { en: 'The positions of 1 May.', uk: 'Позиції на 1 травня.', ru: '' },
          state: 'open',
        },
      })
      .thenAudiences('mediation');
  });

  it('[LNG2] terms travel with every shared version', () => {
    const s = drafting();
    draftClause(s, 'Forces withdraw to the lines.');
    const termId = String(
      s.run(define({ en: 'the lines' }, { en: 'The positions of 1 May.' }), 'lead').result.termId,
    );
    share(s);
    expect(s.state.agreement.versions[0]?.glossary).toEqual([
      {
        termId,
        term: { en: 'the lines', uk: '', ru: '' },
        definition: { en: 'The positions of 1 May.', uk: '', ru: '' },
        state: 'open',
      },
    ]);
  });

  it('[LNG2] terms take the clauses’ states (no brackets); agreed needs the authentic wording of term and definition', () => {
    const s = drafting();
    const termId = String(s.run(define({ en: 'the lines' }, { uk: 'Позиції.' }), 'lead').result.termId);
    const setState = (state: 'open' | 'bracketed' | 'provisionally-agreed' | 'agreed'): Command => ({
      type: 'glossary.setState',
      payload: { termId, state },
    });
    s.when(setState('bracketed'), 'lead').thenError('INVALID_INPUT');
    s.when(setState('agreed'), 'lead').thenError('CONFLICT', /authentic/);
    s.when(setState('open'), 'lead').thenError('CONFLICT');
    s.run(define({}, { en: 'The positions.' }, termId), 'lead');
    s.when(setState('agreed'), 'co')
      .then({ type: 'glossary.termStateSet', payload: { termId, state: 'agreed' } })
      .thenAudiences('mediation');
  });

  it('[LNG2] a reworded term reopens; the same wording is CONFLICT; an unknown term is NOT_FOUND', () => {
    const s = drafting();
    const termId = String(s.run(define({ en: 'the lines' }, { en: 'The positions.' }), 'lead').result.termId);
    s.run({ type: 'glossary.setState', payload: { termId, state: 'agreed' } }, 'lead');
    expect(s.when(define({ ru: 'линии' }, {}, termId), 'lead').events[0]?.payload).toMatchObject({
      state: 'open',
    });
    s.when(define({ en: 'the lines' }, {}, termId), 'lead').thenError('CONFLICT');
    s.when(define({ en: 'x' }, {}, NOWHERE), 'lead').thenNotFound();
    s.when(
      { type: 'glossary.setState', payload: { termId: NOWHERE, state: 'agreed' } },
      'lead',
    ).thenNotFound();
    s.when(define({}, { en: 'Nothing to define.' }), 'lead').thenError('INVALID_INPUT');
  });

  it('[LNG2] only mediators keep the glossary', () => {
    const s = drafting();
    const termId = String(s.run(define(texts('the lines'), texts('The positions.')), 'lead').result.termId);
    for (const who of ['head:A', 'delegate:B', 'observer:A']) {
      s.when(define(texts('ours'), texts('Ours.')), who).thenError('FORBIDDEN');
      s.when({ type: 'glossary.setState', payload: { termId, state: 'agreed' } }, who).thenError('FORBIDDEN');
    }
  });
});
