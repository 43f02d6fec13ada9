import type { AgreementState } from './agreement-state.js';
import type { FoldableEvent } from './evolve.js';

/** Folds the events of the agenda, the text, the package and the signatures (see evolve). */
export function applyAgreementEvent(agreement: AgreementState, event: FoldableEvent): void {
  switch (event.type) {
    case 'agenda.itemAdded': {
      const { itemId, number, title, description } = event.payload;
      agreement.agenda[itemId] = {
        id: itemId,
        number,
        title,
        description,
        links: [],
        earlyProposed: false,
        earlyConsents: [],
        implementedEarly: false,
      };
      agreement.agendaOrder.push(itemId);
      return;
    }
    case 'agenda.itemUpdated': {
      const item = agreement.agenda[event.payload.itemId];
      if (item) Object.assign(item, { title: event.payload.title, description: event.payload.description });
      return;
    }
    case 'agenda.linked':
      agreement.agenda[event.payload.itemId]?.links.push({
        kind: event.payload.kind,
        targetId: event.payload.targetId,
      });
      return;
    case 'text.clauseDrafted': {
      const { clauseId, number, agendaItemIds, texts, alternatives, state } = event.payload;
      if (!agreement.clauses[clauseId]) agreement.clauseOrder.push(clauseId);
      agreement.clauses[clauseId] = { id: clauseId, number, agendaItemIds, texts, alternatives, state };
      return;
    }
    case 'text.clauseStateSet': {
      const clause = agreement.clauses[event.payload.clauseId];
      if (clause) {
        clause.state = event.payload.state;
        clause.texts = event.payload.texts;
        clause.alternatives = event.payload.alternatives;
      }
      return;
    }
    case 'text.authenticSet':
      agreement.authenticLanguage = event.payload.language;
      return;
    case 'glossary.termDefined': {
      const { termId, term, definition, state } = event.payload;
      if (!agreement.terms[termId]) agreement.termOrder.push(termId);
      agreement.terms[termId] = { id: termId, term, definition, state };
      return;
    }
    case 'glossary.termStateSet': {
      const term = agreement.terms[event.payload.termId];
      if (term) term.state = event.payload.state;
      return;
    }
    case 'text.versionShared':
      agreement.versions.push({ ...event.payload, marks: {}, accepted: [] });
      return;
    case 'package.marked': {
      const { version, clauseId, partyId, canLiveWith } = event.payload;
      const shared = agreement.versions[version - 1];
      if (shared) shared.marks[partyId] = { ...shared.marks[partyId], [clauseId]: canLiveWith };
      return;
    }
    case 'package.accepted':
      agreement.versions[event.payload.version - 1]?.accepted.push(event.payload.partyId);
      return;
    case 'package.agreed':
      agreement.agreedVersion = event.payload.version;
      return;
    case 'item.earlyProposed': {
      const item = agreement.agenda[event.payload.itemId];
      if (item) item.earlyProposed = true;
      return;
    }
    case 'item.earlyConsented':
      agreement.agenda[event.payload.itemId]?.earlyConsents.push(event.payload.partyId);
      return;
    case 'item.implementedEarly': {
      const item = agreement.agenda[event.payload.itemId];
      if (item) item.implementedEarly = true;
      return;
    }
    case 'member.keyRegistered':
      agreement.keys[event.payload.memberId] = event.payload.jwk;
      return;
    case 'agreement.signed': {
      const { partyId, memberId, displayName, jwk, jws, textHash } = event.payload;
      agreement.signatures[partyId] = { partyId, memberId, displayName, jwk, jws, textHash };
      return;
    }
    case 'agreement.concluded':
      agreement.concluded = true;
      return;
    default:
      // text.commented changes nothing the rules look at: comments are read in the party's room.
      return;
  }
}
