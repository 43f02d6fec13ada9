import { randomUUID } from 'node:crypto';
import type { ModelClause } from '../support/agreement-oracle.js';
import type { AgreementAction } from './agreement-plan.js';
import { agreementRound, earlyRound, registerKey, sign, signRound } from './agreement-rounds.js';
import { ALTERNATIVE_WORDS, CLAUSE_WORDS, DEFINITION_WORDS, TERM_WORDS, worded } from './agreement-words.js';
import { at, choose, DELEGATION, HEADS, latestOr, MEDIATORS } from './cast-picks.js';
import type { Session } from './session.js';
import type { Pick } from './session-plan.js';

export { isAgreementAction } from './agreement-plan.js';

// Turns a planned agreement action into commands against the session's current state.

/** An id the talks does not have, now and then, when the pick does not fit. */
const orUnknown = (id: string | undefined, pick: Pick): string =>
  id === undefined || (!pick.fit && pick.index % 5 === 0) ? randomUUID() : id;

/** What a revision names: the existing thing, one the talks does not have (when the pick does not fit), or nothing (a new one). */
const revising = (id: string | undefined, pick: Pick | null): string | undefined =>
  pick === null ? undefined : id !== undefined ? orUnknown(id, pick) : pick.fit ? undefined : randomUUID();

/** A version number: the current one when the pick fits, else any shared one or the next (not shared yet). */
function versionOf(session: Session, pick: Pick): number {
  const count = session.oracle.agreement.versions.length;
  if (pick.fit && count > 0) return count;
  return (pick.index % (count + 1)) + 1;
}

/** A clause of that version when the pick fits, else one of the working draft (perhaps never shared), else none. */
function clauseOf(session: Session, version: number, pick: Pick): string {
  const { agreement } = session.oracle;
  const shared = agreement.versions[version - 1]?.clauses ?? [];
  const drafted = [...agreement.clauses.values()];
  const pool: ModelClause[] = pick.fit && shared.length > 0 ? shared : drafted;
  return orUnknown(at(pool, pick.index)?.clauseId, pick);
}

function draftClause(session: Session, action: Extract<AgreementAction, { kind: 'draftClause' }>) {
  const seat = choose(session, action.actor, MEDIATORS);
  const { agreement } = session.oracle;
  const existing = action.revise ? latestOr([...agreement.clauses.values()], action.revise) : undefined;
  const clauseId = revising(existing?.clauseId, action.revise);
  if (existing && action.same) {
    const { texts, agendaItemIds } = existing;
    return session.exec(seat, {
      type: 'text.draftClause',
      payload: { clauseId: existing.clauseId, agendaItemIds, texts },
    });
  }
  const items = [...agreement.items.keys()];
  const agendaItemIds =
    items.length === 0
      ? action.items === 2 && !action.actor.fit
        ? [randomUUID()]
        : []
      : Array.from({ length: action.items }, (_, offset) => at(items, action.actor.index + offset) ?? '');
  const labels = action.duplicateLabels ? ['A', 'A', 'A'] : ['A', 'B', 'C'];
  const alternatives =
    action.alternatives === 0
      ? undefined
      : labels
          .slice(0, action.alternatives)
          .map((label) => ({ label, texts: worded(session, seat, action.languages, ALTERNATIVE_WORDS) }));
  const texts = worded(session, seat, action.languages, CLAUSE_WORDS);
  return session.exec(seat, {
    type: 'text.draftClause',
    payload: {
      ...(clauseId ? { clauseId } : {}),
      agendaItemIds,
      texts,
      ...(alternatives ? { alternatives } : {}),
    },
  });
}

function clauseState(session: Session, action: Extract<AgreementAction, { kind: 'clauseState' }>) {
  const seat = choose(session, action.actor, MEDIATORS);
  const clause = latestOr([...session.oracle.agreement.clauses.values()], action.target);
  const labels = clause?.alternatives.map((alternative) => alternative.label) ?? [];
  const label = { none: undefined, first: labels[0] ?? 'A', last: labels.at(-1) ?? 'B', unknown: 'Z' }[
    action.choose
  ];
  const payload = {
    clauseId: orUnknown(clause?.clauseId, action.target),
    state: action.state,
    ...(label ? { alternative: label } : {}),
  };
  return session.exec(seat, { type: 'text.setClauseState', payload });
}

function defineTerm(session: Session, action: Extract<AgreementAction, { kind: 'defineTerm' }>) {
  const seat = choose(session, action.actor, MEDIATORS);
  const existing = action.revise
    ? latestOr([...session.oracle.agreement.terms.values()], action.revise)
    : undefined;
  const termId = revising(existing?.termId, action.revise);
  const same = existing !== undefined && action.same;
  const term = same ? existing.term : worded(session, seat, action.languages, TERM_WORDS);
  const definition = same ? existing.definition : worded(session, seat, action.languages, DEFINITION_WORDS);
  return session.exec(seat, {
    type: 'glossary.define',
    payload: { ...(termId ? { termId } : {}), term, definition },
  });
}

function agendaUpdate(session: Session, action: Extract<AgreementAction, { kind: 'agendaUpdate' }>) {
  const seat = choose(session, action.actor, MEDIATORS);
  const item = latestOr([...session.oracle.agreement.items.values()], action.target);
  const itemId = orUnknown(item?.id, action.target);
  const change = {
    title: { title: session.text(seat, 'Water sharing in dry years') },
    description: { description: session.text(seat, 'how the river is shared when it runs low') },
    same: { title: item?.title ?? session.text(seat, 'Water') },
    nothing: {},
  }[action.change];
  return session.exec(seat, { type: 'agenda.update', payload: { itemId, ...change } });
}

function agendaLink(session: Session, action: Extract<AgreementAction, { kind: 'agendaLink' }>) {
  const seat = choose(session, action.actor, MEDIATORS);
  const { oracle } = session;
  const itemId = orUnknown(latestOr([...oracle.agreement.items.keys()], action.item), action.item);
  const candidates = {
    submission: [...oracle.submissions.keys()],
    response: [...oracle.responses.keys()],
    conveyance: [...oracle.conveyances.keys()],
    clause: [...oracle.agreement.clauses.keys()],
    unknown: [],
  }[action.to];
  const key = action.to === 'unknown' ? 'submissionId' : `${action.to}Id`;
  const targetId = at(candidates, action.target.index) ?? randomUUID();
  return session.exec(seat, { type: 'agenda.link', payload: { itemId, [key]: targetId } });
}

/** [AG1] A party proposes an item the only way it can, through a submission; a mediator adds it in its own words and links it (mediation). */
async function proposeItem(session: Session, action: Extract<AgreementAction, { kind: 'proposeItem' }>) {
  const seat = choose(session, action.actor, DELEGATION);
  const text = session.text(seat, 'please put the sharing of the river on the agenda');
  const submitted = await session.run(seat, {
    type: 'submission.create',
    payload: { text, disclosure: action.disclosure },
  });
  const title = session.text(0, 'Water sharing');
  const added = await session.run(0, {
    type: 'agenda.add',
    payload: { title, description: session.text(0, 'how the river is shared') },
  });
  if (!submitted.ok || !added.ok) return;
  const { submissionId } = submitted.result as { submissionId: string };
  const { itemId } = added.result as { itemId: string };
  await session.exec(0, { type: 'agenda.link', payload: { itemId, submissionId } });
}

/** A party's act on a version that fits but finds none shared yet: the lead drafts (if need be) and shares one first. */
async function shareFirst(session: Session, action: AgreementAction): Promise<void> {
  const { agreement } = session.oracle;
  if (!('version' in action) || !action.version.fit || agreement.versions.length > 0) return;
  if (agreement.clauses.size === 0) {
    const texts = worded(session, 0, ['en', 'uk', 'ru'], CLAUSE_WORDS);
    await session.exec(0, { type: 'text.draftClause', payload: { agendaItemIds: [], texts } });
  }
  await session.exec(0, { type: 'text.shareVersion', payload: {} });
}

export async function performAgreement(session: Session, action: AgreementAction): Promise<void> {
  const { agreement } = session.oracle;
  await shareFirst(session, action);
  switch (action.kind) {
    case 'agendaAdd': {
      const seat = choose(session, action.actor, MEDIATORS);
      const description = action.described
        ? { description: session.text(seat, 'how the river is shared') }
        : {};
      return session.exec(seat, {
        type: 'agenda.add',
        payload: { title: session.text(seat, 'Water sharing'), ...description },
      });
    }
    case 'agendaUpdate':
      return agendaUpdate(session, action);
    case 'proposeItem':
      return proposeItem(session, action);
    case 'agendaLink':
      return agendaLink(session, action);
    case 'draftClause':
      return draftClause(session, action);
    case 'clauseState':
      return clauseState(session, action);
    case 'authentic':
      return session.exec(choose(session, action.actor, MEDIATORS), {
        type: 'text.setAuthentic',
        payload: { language: action.language },
      });
    case 'defineTerm':
      return defineTerm(session, action);
    case 'termState': {
      const term = latestOr([...agreement.terms.values()], action.target);
      const payload = { termId: orUnknown(term?.termId, action.target), state: action.state };
      return session.exec(choose(session, action.actor, MEDIATORS), { type: 'glossary.setState', payload });
    }
    case 'share':
      return session.exec(choose(session, action.actor, MEDIATORS), {
        type: 'text.shareVersion',
        payload: {},
      });
    case 'comment': {
      const seat = choose(session, action.actor, DELEGATION);
      const version = versionOf(session, action.version);
      const payload = {
        version,
        clauseId: clauseOf(session, version, action.clause),
        text: session.text(seat, 'too slow'),
        objects: action.objects,
      };
      return session.exec(seat, { type: 'text.comment', payload });
    }
    case 'mark': {
      const version = versionOf(session, action.version);
      const payload = {
        version,
        clauseId: clauseOf(session, version, action.clause),
        canLiveWith: action.canLiveWith,
      };
      return session.exec(choose(session, action.actor, HEADS), { type: 'package.mark', payload });
    }
    case 'accept':
      return session.exec(choose(session, action.actor, HEADS), {
        type: 'package.accept',
        payload: { version: versionOf(session, action.version) },
      });
    case 'proposeEarly': {
      const itemId = orUnknown(latestOr([...agreement.items.keys()], action.item), action.item);
      return session.exec(choose(session, action.actor, MEDIATORS), {
        type: 'item.proposeEarly',
        payload: { itemId },
      });
    }
    case 'consentEarly': {
      const proposed = [...agreement.items.values()].filter((item) => item.proposed);
      const item = latestOr(
        action.item.fit && proposed.length > 0 ? proposed : [...agreement.items.values()],
        action.item,
      );
      return session.exec(choose(session, action.actor, HEADS), {
        type: 'item.consentEarly',
        payload: { itemId: orUnknown(item?.id, action.item) },
      });
    }
    case 'earlyRound':
      return earlyRound(session, action.item);
    case 'registerKey':
      return registerKey(session, action.who, action.alg, action.key);
    case 'agreementRound':
      return agreementRound(session, action.reader);
    case 'signRound':
      return signRound(session, action.heads, action.reader);
    case 'sign': {
      const seat = choose(session, action.actor, HEADS);
      if (action.actor.fit && agreement.agreedVersion === null) await agreementRound(session, null);
      if (action.actor.fit && !session.keys.has(seat)) await registerKey(session, seat, 'EdDSA', 'fresh');
      return sign(session, seat, action.forge);
    }
    case 'export':
      return session.checkExport(action.who, action.html);
  }
}
