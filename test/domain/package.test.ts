import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/src/index.js';
import { toWireEvent } from '../../server/src/visibility/view.js';
import { talks } from '../support/domain.js';
import {
  accept,
  agreeEverything,
  agreedTalks,
  mark,
  markAll,
  readyTalks,
  share,
} from './agreement-support.js';

const NOWHERE = '00000000-0000-4000-8000-0000000fffff';

/** Every clause and term agreed and shared as the current version, nothing marked yet. */
function final(parties = ['A', 'B']) {
  const { s, itemId } = readyTalks(parties);
  agreeEverything(s);
  const version = share(s);
  const clauses = s.state.agreement.versions[version - 1]?.clauses.map((clause) => clause.clauseId) ?? [];
  return { s, itemId, version, clauses };
}

describe('[PKG1] each head marks what the party can live with, seen by its own party and the mediators', () => {
  it('[PKG1] a head’s mark goes to its own room only', () => {
    const { s, version, clauses } = final(['A', 'B', 'C']);
    const [first = ''] = clauses;
    for (const party of ['A', 'B', 'C']) {
      s.when(mark(version, first, party !== 'B'), `head:${party}`)
        .then({
          type: 'package.marked',
          payload: { version, clauseId: first, partyId: s.party(party), canLiveWith: party !== 'B' },
        })
        .thenAudiences(s.room(party));
    }
  });

  it('[PKG1] the mediators see every party’s marks per clause; a party only its own', () => {
    const { s, version, clauses } = final();
    const [first = '', second = ''] = clauses;
    s.run(mark(version, first, true), 'head:A');
    s.run(mark(version, second, false), 'head:A');
    s.run(mark(version, first, false), 'head:B');
    expect(s.state.agreement.versions[version - 1]?.marks).toEqual({
      [s.party('A')]: { [first]: true, [second]: false },
      [s.party('B')]: { [first]: false },
    });
    const marks = s.stored().filter((event) => event.type === 'package.marked');
    expect(marks.filter((event) => event.audience === s.room('A'))).toHaveLength(2);
    expect(marks.filter((event) => event.audience === s.room('B'))).toHaveLength(1);
  });

  it('[PKG1] a head may change a mark; the same mark again is CONFLICT', () => {
    const { s, version, clauses } = final();
    const [first = ''] = clauses;
    s.run(mark(version, first, false), 'head:A');
    s.when(mark(version, first, false), 'head:A').thenError('CONFLICT');
    s.when(mark(version, first, true), 'head:A').thenOk();
  });

  it('[PKG1] only heads mark; only the current version; an unknown version or clause is NOT_FOUND', () => {
    const { s, version, clauses } = final();
    const [first = ''] = clauses;
    for (const who of ['delegate:A', 'lead', 'co', 'observer:A'])
      s.when(mark(version, first), who).thenError('FORBIDDEN');
    s.when(mark(version + 1, first), 'head:A').thenNotFound();
    s.when(mark(version, NOWHERE), 'head:A').thenNotFound();
    s.run({ type: 'text.setClauseState', payload: { clauseId: first, state: 'open' } }, 'lead');
    share(s);
    s.when(mark(version, first), 'head:A').thenError('CONFLICT', /no longer the current/);
  });

  it('[PKG1] marks are made in the negotiation phase only', () => {
    const s = talks().withEveryone().inPhase('pre-negotiation');
    s.when(mark(1, NOWHERE), 'head:A').thenError('PHASE');
  });
});

describe('[PKG2] a head accepts the whole of one version', () => {
  it('[PKG2] once every clause and term is agreed and every clause marked, the head accepts in its own room', () => {
    const { s, version } = final();
    markAll(s, version, ['A']);
    s.when(accept(version), 'head:A')
      .then({ type: 'package.accepted', payload: { version, partyId: s.party('A') } })
      .thenAudiences(s.room('A'));
  });

  it('[PKG2] a clause not agreed, a term not agreed, or a clause not marked stands in the way (CONFLICT)', () => {
    const { s } = readyTalks();
    const version = share(s);
    markAll(s, version, ['A']);
    s.when(accept(version), 'head:A').thenError(
      'CONFLICT',
      /clauses not agreed: 1, 2; glossary terms not agreed: 1/,
    );
    const ready = final();
    ready.s.run(mark(ready.version, ready.clauses[0] ?? '', true), 'head:A');
    ready.s.run(mark(ready.version, ready.clauses[1] ?? '', false), 'head:A');
    ready.s.when(accept(ready.version), 'head:A').thenError('CONFLICT', /can live with: 2\.$/);
  });

  it('[PKG2] a party accepts a version once; its marks on it are then final', () => {
    const { s, version, clauses } = final();
    markAll(s, version, ['A']);
    s.run(accept(version), 'head:A');
    s.when(accept(version), 'head:A').thenError('CONFLICT');
    s.when(mark(version, clauses[0] ?? '', false), 'head:A').thenError('CONFLICT', /final/);
  });

  it('[PKG2] only heads accept', () => {
    const { s, version } = final();
    markAll(s, version);
    for (const who of ['delegate:A', 'lead', 'co', 'observer:A'])
      s.when(accept(version), who).thenError('FORBIDDEN');
  });
});

describe('[PKG3] nothing is agreed until everything is agreed', () => {
  it('[PKG3] the last head’s acceptance of the same version agrees the package: a gallery milestone', () => {
    const { s, version } = final(['A', 'B', 'C']);
    markAll(s, version);
    s.run(accept(version), 'head:A');
    s.when(accept(version), 'head:B').thenTypes('package.accepted');
    s.run(accept(version), 'head:C');
    s.when(accept(version), 'head:B')
      .then(
        { type: 'package.accepted', payload: { version, partyId: s.party('B') } },
        { type: 'package.agreed', payload: { version } },
      )
      .thenAudiences(s.room('B'), 'gallery');
  });

  it('[PKG3] acceptances of an older version do not count: a new version needs every head again', () => {
    const { s, version, clauses } = final();
    markAll(s, version);
    s.run(accept(version), 'head:A');
    s.run(
      {
        type: 'text.draftClause',
        payload: { clauseId: clauses[0] ?? '', agendaItemIds: [], texts: { uk: 'Переклад.' } },
      },
      'lead',
    );
    agreeEverything(s);
    const next = share(s);
    s.when(accept(version), 'head:B').thenError('CONFLICT', /no longer the current/);
    markAll(s, next);
    s.when(accept(next), 'head:B').thenTypes('package.accepted');
    expect(s.state.agreement.agreedVersion).toBeNull();
  });

  it('[PKG3] the package is agreed once; then it is final', () => {
    const { s, version } = agreedTalks(['A', 'B']);
    expect(s.state.agreement.agreedVersion).toBe(version);
    expect(s.stored().filter((event) => event.type === 'package.agreed')).toHaveLength(1);
  });
});

describe('[PKG4] early implementation, only with every head’s consent', () => {
  const proposed = (parties = ['A', 'B']) => {
    const { s, itemId } = readyTalks(parties);
    s.run({ type: 'item.proposeEarly', payload: { itemId } }, 'co');
    return { s, itemId };
  };
  const consent = (itemId: string): Command => ({ type: 'item.consentEarly', payload: { itemId } });

  it('[PKG4] a mediator proposes an item for early implementation, told to every delegation', () => {
    const { s, itemId } = readyTalks();
    s.when({ type: 'item.proposeEarly', payload: { itemId } }, 'lead')
      .then({ type: 'item.earlyProposed', payload: { itemId } })
      .thenAudiences('joint');
    for (const who of ['head:A', 'delegate:B', 'observer:A']) {
      s.when({ type: 'item.proposeEarly', payload: { itemId } }, who).thenError('FORBIDDEN');
    }
    s.when({ type: 'item.proposeEarly', payload: { itemId: NOWHERE } }, 'lead').thenNotFound();
  });

  it('[PKG4] each head consents in its own room; with every consent the item binds and reaches the gallery', () => {
    const { s, itemId } = proposed(['A', 'B', 'C']);
    s.when(consent(itemId), 'head:A')
      .then({ type: 'item.earlyConsented', payload: { itemId, partyId: s.party('A') } })
      .thenAudiences(s.room('A'));
    s.run(consent(itemId), 'head:A');
    s.run(consent(itemId), 'head:C');
    s.when(consent(itemId), 'head:B')
      .then(
        { type: 'item.earlyConsented', payload: { itemId, partyId: s.party('B') } },
        { type: 'item.implementedEarly', payload: { itemId, title: 'Withdrawal of forces' } },
      )
      .thenAudiences(s.room('B'), 'gallery');
  });

  it('[PKG4] no consent before a proposal, none twice, none after the item is implemented', () => {
    const { s, itemId } = readyTalks();
    s.when(consent(itemId), 'head:A').thenError('CONFLICT', /not proposed/);
    s.run({ type: 'item.proposeEarly', payload: { itemId } }, 'lead');
    s.when({ type: 'item.proposeEarly', payload: { itemId } }, 'lead').thenError('CONFLICT');
    s.run(consent(itemId), 'head:A');
    s.when(consent(itemId), 'head:A').thenError('CONFLICT', /already consented/);
    s.run(consent(itemId), 'head:B');
    s.when(consent(itemId), 'head:B').thenError('CONFLICT', /implemented/);
    s.when({ type: 'item.proposeEarly', payload: { itemId } }, 'lead').thenError('CONFLICT', /implemented/);
  });

  it('[PKG4] only heads consent; an unknown item is NOT_FOUND', () => {
    const { s, itemId } = proposed();
    for (const who of ['delegate:A', 'lead', 'observer:A'])
      s.when(consent(itemId), who).thenError('FORBIDDEN');
    s.when(consent(NOWHERE), 'head:A').thenNotFound();
  });

  it('[VIS9] the gallery is told of the item as Parley’s milestone, not as the last head’s act', () => {
    const { s, itemId } = proposed();
    s.run(consent(itemId), 'head:A');
    s.run(consent(itemId), 'head:B');
    const milestone = s.stored().find((event) => event.type === 'item.implementedEarly');
    expect(milestone?.actor.displayName).toBe('head:B');
    expect(milestone && toWireEvent(milestone).actor).toEqual({
      id: null,
      role: 'system',
      partyId: null,
      displayName: 'Parley',
    });
  });
});
