import { describe, expect, it } from 'vitest';
import {
  clausesOfItem,
  commentsOn,
  diffBetween,
  diffVersions,
  earlyStatus,
  emptyAgreement,
  foldAgreement,
  hasUnsharedChanges,
  itemsOfClause,
  latestVersion,
  markOf,
  objectingParties,
  packageDistance,
  signatureStatus,
  workingDraftDiff,
} from '../../client/src/features/agreement/agreement-model.js';
import { applyEvents, emptyView } from '../../client/src/api/talks-view.js';
import type { CommentId } from '../../shared/src/ids.js';
import {
  agreementIds,
  earlyBorder,
  packageMarks,
  signatures,
  toSecondVersion,
  upToFirstVersion,
  visibleTo,
} from './support/agreement-events.js';
import { EventFactory, NORTH, NORTH_HEAD, SOUTH, seededId } from './support/events.js';

// The agreement projection is a pure fold of the events a reader received: these run
// the stages of real talks through it, as a mediator and as a party reads them.

describe('the agreement model folds what a mediator reads', () => {
  it('builds the agenda with its private links, and the working draft by clause number', () => {
    const ids = agreementIds();
    const model = foldAgreement(upToFirstVersion(new EventFactory(), ids));
    expect(model.title).toBe('River talks');
    expect(model.agenda.map((i) => [i.number, i.title, i.description])).toEqual([
      [1, 'Water sharing', 'How the river is shared in normal and in dry years.'],
      [2, 'Border', ''],
    ]);
    expect(model.agenda[0]?.links).toMatchObject([{ kind: 'submission', targetId: ids.submission }]);
    expect(model.clauses.map((c) => [c.number, c.state])).toEqual([
      [1, 'bracketed'],
      [2, 'open'],
    ]);
    expect(model.clauses[0]?.alternatives.map((a) => a.label)).toEqual(['A', 'B']);
    expect(model.clauses[1]?.texts).toEqual({
      en: 'Joint patrols on the border.',
      uk: 'Спільне патрулювання кордону.',
      ru: 'Совместное патрулирование границы.',
    });
    expect(model.glossary.map((t) => [t.term.en, t.state])).toEqual([['dry year', 'open']]);
    const water = model.agenda[0];
    if (!water) throw new Error('no agenda item');
    expect(clausesOfItem(model, water.itemId, model.clauses).map((c) => c.clauseId)).toEqual([ids.sharing]);
    expect(itemsOfClause(model, model.clauses[1] ?? model.clauses[0]!).map((i) => i.title)).toEqual([
      'Border',
    ]);
  });

  it('records version 1 and clears the list of drafts not yet shared', () => {
    const ids = agreementIds();
    const f = new EventFactory();
    const events = upToFirstVersion(f, ids);
    const beforeSharing = foldAgreement(events.slice(0, -4));
    expect(beforeSharing.unshared.map((d) => d.kind)).toEqual(['clause', 'clause', 'term']);
    expect(hasUnsharedChanges(beforeSharing)).toBe(true);
    expect(workingDraftDiff(beforeSharing).clauses.map((c) => c.change)).toEqual(['added', 'added']);

    const model = foldAgreement(events);
    expect(model.versions.map((v) => v.version)).toEqual([1]);
    expect(latestVersion(model)?.clauses.map((c) => c.clauseId)).toEqual([ids.sharing, ids.patrols]);
    expect(model.unshared).toEqual([]);
    expect(hasUnsharedChanges(model)).toBe(false);
  });

  it('names the parties whose latest comment objects to a clause, and keeps every comment', () => {
    const ids = agreementIds();
    const f = new EventFactory();
    const model = foldAgreement(upToFirstVersion(f, ids));
    expect(objectingParties(model, ids.sharing)).toEqual([NORTH, SOUTH]);
    expect(objectingParties(model, ids.patrols)).toEqual([]);
    expect(commentsOn(model, ids.sharing, 1).map((c) => [c.partyId, c.text, c.objects])).toEqual([
      [NORTH, 'We cannot accept 55/45.', true],
      [SOUTH, '60/40 is too much.', true],
    ]);

    // North withdraws its objection with a later comment on the same version.
    const withdrawn = foldAgreement(
      [
        f.event(
          'text.commented',
          `room:${NORTH}`,
          {
            commentId: seededId<CommentId>(),
            version: 1,
            clauseId: ids.sharing,
            partyId: NORTH,
            text: 'With the dry-year rule we can.',
            objects: false,
          },
          NORTH_HEAD,
        ),
      ],
      model,
    );
    expect(objectingParties(withdrawn, ids.sharing)).toEqual([SOUTH]);
    expect(commentsOn(withdrawn, ids.sharing)).toHaveLength(3);
  });

  it('follows a redraft, the brackets resolved, the authentic language and version 2, with a diff', () => {
    const ids = agreementIds();
    const f = new EventFactory();
    const first = upToFirstVersion(f, ids);
    const second = toSecondVersion(f, ids);
    const drafting = foldAgreement([...first, ...second.slice(0, -1)]);
    expect(drafting.clauses[0]).toMatchObject({ state: 'agreed', chosen: 'B', alternatives: [] });
    expect(drafting.authenticLanguage).toBe('uk');
    expect(drafting.unshared.map((d) => d.kind)).toEqual([
      'clause-state',
      'clause',
      'clause-state',
      'clause-state',
      'term',
      'term-state',
      'authentic',
    ]);
    expect(hasUnsharedChanges(drafting)).toBe(true);

    const model = foldAgreement([...first, ...second]);
    expect(model.versions.map((v) => [v.version, v.authenticLanguage])).toEqual([
      [1, 'en'],
      [2, 'uk'],
    ]);
    expect(model.unshared).toEqual([]);
    // Objections belong to the version they were made on.
    expect(objectingParties(model, ids.sharing)).toEqual([]);
    expect(objectingParties(model, ids.sharing, 1)).toEqual([NORTH, SOUTH]);

    const diff = diffBetween(model, 1, 2);
    if (!diff) throw new Error('no diff');
    expect(diff.authenticLanguage).toEqual({ from: 'en', to: 'uk' });
    const sharing = diff.clauses.find((c) => c.clauseId === ids.sharing);
    expect(sharing?.change).toBe('changed');
    expect(sharing?.state).toEqual({ from: 'bracketed', to: 'agreed' });
    const parts = sharing?.texts.en ?? [];
    const side = (op: 'removed' | 'added') =>
      parts
        .filter((p) => p.op === 'same' || p.op === op)
        .map((p) => p.text)
        .join('');
    expect(side('removed')).toBe('The waters of the river are shared.');
    expect(side('added')).toBe('The waters are shared 55/45.');
    expect(
      parts
        .filter((p) => p.op === 'removed')
        .map((p) => p.text)
        .join(' '),
    ).toContain('of the river');
    expect(sharing?.alternatives?.from.map((a) => a.label)).toEqual(['A', 'B']);
    expect(diffBetween(model, 1, 3)).toBeNull();
    const latest = latestVersion(model);
    const v1 = model.versions[0];
    if (!latest || !v1) throw new Error('versions missing');
    expect(diffVersions(latest, v1).from).toBe(2);
  });

  it('measures the distance to an agreed package per party and per agenda item', () => {
    const ids = agreementIds();
    const f = new EventFactory();
    const events = [...upToFirstVersion(f, ids), ...toSecondVersion(f, ids)];

    const unmarked = packageDistance(foldAgreement(events));
    expect(unmarked.version).toBe(2);
    expect(unmarked.clausesNotAgreed).toEqual([]);
    expect(unmarked.termsNotAgreed).toEqual([]);
    expect(unmarked.perParty.map((p) => [p.name, p.notLivedWith.length, p.accepted])).toEqual([
      ['North', 2, false],
      ['South', 2, false],
    ]);
    expect(unmarked.stepsLeft).toBe(2 + 2 + 2);

    const partly = foldAgreement(packageMarks(f, ids, { complete: false }), foldAgreement(events));
    expect(markOf(partly, 2, ids.sharing, SOUTH)).toBe(false);
    expect(markOf(partly, 2, ids.patrols, SOUTH)).toBeNull();
    const distance = packageDistance(partly);
    expect(distance.perParty.map((p) => [p.name, p.notLivedWith, p.cannotLiveWith, p.accepted])).toEqual([
      ['North', [], [], true],
      ['South', [ids.sharing, ids.patrols], [ids.sharing], false],
    ]);
    expect(distance.headsNotAccepted).toEqual([SOUTH]);
    expect(distance.perItem.map((i) => [i.itemId, i.notLivedWith, i.clean])).toEqual([
      [ids.water, [{ clauseId: ids.sharing, partyIds: [SOUTH] }], false],
      [ids.border, [{ clauseId: ids.patrols, partyIds: [SOUTH] }], false],
    ]);
    expect(distance.stepsLeft).toBe(3);
    expect(distance.agreed).toBe(false);

    const agreed = foldAgreement(packageMarks(f, ids, { complete: true }).slice(4), partly);
    const done = packageDistance(agreed);
    expect(agreed.agreed).toMatchObject({ version: 2 });
    expect(done).toMatchObject({ agreed: true, stepsLeft: 0, headsNotAccepted: [] });
    expect(done.perItem.every((i) => i.clean)).toBe(true);
  });

  it('counts unagreed clauses and terms of version 1 and puts clauses without an item apart', () => {
    const ids = agreementIds();
    const f = new EventFactory();
    const events = upToFirstVersion(f, ids);
    const loose = f.event('text.clauseDrafted', 'mediation', {
      clauseId: seededId(),
      number: 3,
      agendaItemIds: [],
      state: 'open',
      texts: { en: 'This agreement enters into force on signature.', uk: '', ru: '' },
      alternatives: [],
    });
    const model = foldAgreement([...events, loose]);
    expect(hasUnsharedChanges(model)).toBe(true);
    const distance = packageDistance(model);
    expect(distance.version).toBe(1);
    expect(distance.clausesNotAgreed).toEqual([ids.sharing, ids.patrols]);
    expect(distance.termsNotAgreed).toEqual([ids.dryYear]);
    expect(distance.perItem.map((i) => i.itemId)).toEqual([ids.water, ids.border]);
  });

  it('follows early implementation, keys, signatures and conclusion', () => {
    const ids = agreementIds();
    const f = new EventFactory();
    const base = [
      ...upToFirstVersion(f, ids),
      ...toSecondVersion(f, ids),
      ...packageMarks(f, ids, { complete: true }),
    ];
    const early = earlyBorder(f, ids);
    const proposed = foldAgreement([...base, ...early.slice(0, 2)]);
    expect(earlyStatus(proposed, ids.border)).toMatchObject({ waitingFor: [SOUTH], implemented: null });
    expect(earlyStatus(proposed, ids.water)).toBeNull();
    const implemented = foldAgreement(early.slice(2), proposed);
    expect(earlyStatus(implemented, ids.border)).toMatchObject({
      waitingFor: [],
      implemented: { title: 'Border' },
    });

    const half = foldAgreement(signatures(f, ids, { complete: false }), implemented);
    expect(
      signatureStatus(half).map((s) => [s.name, s.headKeyRegistered, s.signature?.displayName ?? null]),
    ).toEqual([
      ['North', true, 'Nils North'],
      ['South', false, null],
    ]);
    expect(half.concluded).toBeNull();
    const all = foldAgreement(signatures(f, ids, { complete: true }).slice(2), half);
    expect(signatureStatus(all).every((s) => s.signature !== null)).toBe(true);
    expect(all.concluded).toMatchObject({ version: 2 });
  });

  it('changes nothing when events are folded again (a replay after a reconnect)', () => {
    const ids = agreementIds();
    const f = new EventFactory();
    const events = [
      ...upToFirstVersion(f, ids),
      ...toSecondVersion(f, ids),
      ...packageMarks(f, ids, { complete: true }),
      ...earlyBorder(f, ids),
      ...signatures(f, ids, { complete: true }),
    ];
    const once = foldAgreement(events);
    expect(foldAgreement(events, once)).toEqual(once);
  });
});

describe('the agreement model folds what a party reads', () => {
  it('has the shared versions and its own comments and marks, never the working draft', () => {
    const ids = agreementIds();
    const f = new EventFactory();
    const events = [
      ...upToFirstVersion(f, ids),
      ...toSecondVersion(f, ids),
      ...packageMarks(f, ids, { complete: false }),
    ];
    const model = foldAgreement(visibleTo(events, SOUTH));
    expect(model.agenda.map((i) => i.title)).toEqual(['Water sharing', 'Border']);
    expect(model.agenda.every((i) => i.links.length === 0)).toBe(true);
    expect(model.clauses).toEqual([]);
    expect(model.unshared).toEqual([]);
    expect(model.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(model.authenticLanguage).toBe('uk');
    expect(model.comments.every((c) => c.partyId === SOUTH)).toBe(true);
    expect(objectingParties(model, ids.sharing, 1)).toEqual([SOUTH]);
    const own = packageDistance(model).perParty.find((p) => p.partyId === SOUTH);
    expect(own).toMatchObject({ notLivedWith: [ids.sharing, ids.patrols], cannotLiveWith: [ids.sharing] });
    expect(hasUnsharedChanges(model)).toBe(false);
  });
});

describe('the talks view carries the agreement', () => {
  it('folds it with every other event, so views read view.agreement', () => {
    const ids = agreementIds();
    const view = applyEvents(emptyView(), upToFirstVersion(new EventFactory(), ids));
    expect(view.agreement.versions).toHaveLength(1);
    expect(view.agreement.parties.map((p) => p.name)).toEqual(['North', 'South']);
    expect(emptyView().agreement).toEqual(emptyAgreement());
  });
});
