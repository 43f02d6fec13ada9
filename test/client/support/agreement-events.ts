import type { ClauseSnapshot, TermSnapshot, WireEvent } from '../../../shared/src/events.js';
import type {
  AgendaItemId,
  ClauseId,
  CommentId,
  MemberId,
  PartyId,
  SubmissionId,
  TermId,
} from '../../../shared/src/ids.js';
import type { PublicSigningJwk } from '../../../shared/src/model.js';
import type { EventFactory } from './events.js';
import { MEDIATOR, NORTH, NORTH_HEAD, SOUTH, SOUTH_HEAD, seededId } from './events.js';

// The agreement stages of one talks, event by event, as the server records them and
// as a mediator receives them (every audience a mediator reads). A party's share is
// `visibleTo(events, partyId)`: what the server would let that party read.

export interface AgreementIds {
  water: AgendaItemId;
  border: AgendaItemId;
  sharing: ClauseId;
  patrols: ClauseId;
  dryYear: TermId;
  submission: SubmissionId;
  northHead: MemberId;
  southHead: MemberId;
}

export const agreementIds = (): AgreementIds => ({
  water: seededId(),
  border: seededId(),
  sharing: seededId(),
  patrols: seededId(),
  dryYear: seededId(),
  submission: seededId(),
  northHead: seededId(),
  southHead: seededId(),
});

const NORTH_JWK: PublicSigningJwk = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: 'F_qbzw8XdyUWmlN4mgKim5qtlA_BtWAJVHScHbpIUCU',
};
const SOUTH_JWK: PublicSigningJwk = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: 'G_qbzw8XdyUWmlN4mgKim5qtlA_BtWAJVHScHbpIUCU',
};

const texts = (en: string, uk = '', ru = '') => ({ en, uk, ru });

/** Agenda, two clauses (one bracketed), a glossary term, then version 1 and both parties' comments. */
export function upToFirstVersion(f: EventFactory, ids: AgreementIds): WireEvent[] {
  const sharing: ClauseSnapshot = {
    clauseId: ids.sharing,
    number: 1,
    agendaItemIds: [ids.water],
    state: 'bracketed',
    texts: texts('The waters of the river are shared.'),
    alternatives: [
      { label: 'A', texts: texts('The waters are shared 60/40.') },
      { label: 'B', texts: texts('The waters are shared 55/45.', 'Води розподіляються 55/45.') },
    ],
  };
  const patrols: ClauseSnapshot = {
    clauseId: ids.patrols,
    number: 2,
    agendaItemIds: [ids.border],
    state: 'open',
    texts: texts(
      'Joint patrols on the border.',
      'Спільне патрулювання кордону.',
      'Совместное патрулирование границы.',
    ),
    alternatives: [],
  };
  const dryYear: TermSnapshot = {
    termId: ids.dryYear,
    term: texts('dry year', 'посушливий рік'),
    definition: texts('A year with less than 60% of the mean flow.'),
    state: 'open',
  };
  return [
    f.opened('River talks'),
    f.event(
      'member.joined',
      `room:${NORTH}`,
      {
        memberId: ids.northHead,
        role: 'head',
        partyId: NORTH,
        displayName: 'Nils North',
        inviteId: seededId(),
        sponsorPartyId: null,
      },
      NORTH_HEAD,
    ),
    f.event(
      'submission.created',
      `room:${NORTH}`,
      {
        submissionId: ids.submission,
        partyId: NORTH,
        text: 'We need 60% of the water.',
        disclosure: 'conveyable',
      },
      NORTH_HEAD,
    ),
    f.event('agenda.itemAdded', 'joint', {
      itemId: ids.water,
      number: 1,
      title: 'Water sharing',
      description: 'How the river is shared.',
    }),
    f.event('agenda.itemAdded', 'joint', { itemId: ids.border, number: 2, title: 'Border', description: '' }),
    f.event('agenda.itemUpdated', 'joint', {
      itemId: ids.water,
      title: 'Water sharing',
      description: 'How the river is shared in normal and in dry years.',
    }),
    f.event('agenda.linked', 'mediation', {
      itemId: ids.water,
      kind: 'submission',
      targetId: ids.submission,
    }),
    f.event('text.clauseDrafted', 'mediation', { ...sharing }),
    f.event('text.clauseDrafted', 'mediation', { ...patrols }),
    f.event('glossary.termDefined', 'mediation', { ...dryYear }),
    f.event('text.versionShared', 'joint', {
      version: 1,
      authenticLanguage: 'en',
      clauses: [sharing, patrols],
      glossary: [dryYear],
    }),
    f.event(
      'text.commented',
      `room:${NORTH}`,
      {
        commentId: seededId<CommentId>(),
        version: 1,
        clauseId: ids.sharing,
        partyId: NORTH,
        text: 'We cannot accept 55/45.',
        objects: true,
      },
      NORTH_HEAD,
    ),
    f.event(
      'text.commented',
      `room:${SOUTH}`,
      {
        commentId: seededId<CommentId>(),
        version: 1,
        clauseId: ids.sharing,
        partyId: SOUTH,
        text: '60/40 is too much.',
        objects: true,
      },
      SOUTH_HEAD,
    ),
    f.event(
      'text.commented',
      `room:${SOUTH}`,
      {
        commentId: seededId<CommentId>(),
        version: 1,
        clauseId: ids.patrols,
        partyId: SOUTH,
        text: 'Fine by us.',
        objects: false,
      },
      SOUTH_HEAD,
    ),
  ];
}

/** Brackets resolved (B), everything agreed, Ukrainian made authentic, then version 2. */
export function toSecondVersion(f: EventFactory, ids: AgreementIds): WireEvent[] {
  const sharing: ClauseSnapshot = {
    clauseId: ids.sharing,
    number: 1,
    agendaItemIds: [ids.water],
    state: 'agreed',
    texts: texts('The waters are shared 55/45.', 'Води розподіляються 55/45.', 'Воды делятся 55/45.'),
    alternatives: [],
  };
  const patrols: ClauseSnapshot = {
    clauseId: ids.patrols,
    number: 2,
    agendaItemIds: [ids.border],
    state: 'agreed',
    texts: texts(
      'Joint patrols on the border.',
      'Спільне патрулювання кордону.',
      'Совместное патрулирование границы.',
    ),
    alternatives: [],
  };
  const dryYear: TermSnapshot = {
    termId: ids.dryYear,
    term: texts('dry year', 'посушливий рік'),
    definition: texts('A year with less than 60% of the mean flow.', 'Рік зі стоком менше 60% середнього.'),
    state: 'agreed',
  };
  return [
    f.event('text.clauseStateSet', 'mediation', {
      clauseId: ids.sharing,
      state: 'provisionally-agreed',
      chosen: 'B',
      texts: texts('The waters are shared 55/45.', 'Води розподіляються 55/45.'),
      alternatives: [],
    }),
    f.event('text.clauseDrafted', 'mediation', {
      ...sharing,
      state: 'open',
    }),
    f.event('text.clauseStateSet', 'mediation', {
      clauseId: ids.sharing,
      state: 'agreed',
      chosen: null,
      texts: sharing.texts,
      alternatives: [],
    }),
    f.event('text.clauseStateSet', 'mediation', {
      clauseId: ids.patrols,
      state: 'agreed',
      chosen: null,
      texts: patrols.texts,
      alternatives: [],
    }),
    f.event('glossary.termDefined', 'mediation', { ...dryYear, state: 'open' }),
    f.event('glossary.termStateSet', 'mediation', { termId: ids.dryYear, state: 'agreed' }),
    f.event('text.authenticSet', 'mediation', { language: 'uk' }),
    f.event('text.versionShared', 'joint', {
      version: 2,
      authenticLanguage: 'uk',
      clauses: [sharing, patrols],
      glossary: [dryYear],
    }),
  ];
}

/** North marks both clauses and accepts; South marks one, then the other, and accepts: agreed. */
export function packageMarks(
  f: EventFactory,
  ids: AgreementIds,
  { complete }: { complete: boolean },
): WireEvent[] {
  const events = [
    f.event(
      'package.marked',
      `room:${NORTH}`,
      { version: 2, clauseId: ids.sharing, partyId: NORTH, canLiveWith: true },
      NORTH_HEAD,
    ),
    f.event(
      'package.marked',
      `room:${NORTH}`,
      { version: 2, clauseId: ids.patrols, partyId: NORTH, canLiveWith: true },
      NORTH_HEAD,
    ),
    f.event('package.accepted', `room:${NORTH}`, { version: 2, partyId: NORTH }, NORTH_HEAD),
    f.event(
      'package.marked',
      `room:${SOUTH}`,
      { version: 2, clauseId: ids.sharing, partyId: SOUTH, canLiveWith: false },
      SOUTH_HEAD,
    ),
  ];
  if (!complete) return events;
  return [
    ...events,
    f.event(
      'package.marked',
      `room:${SOUTH}`,
      { version: 2, clauseId: ids.sharing, partyId: SOUTH, canLiveWith: true },
      SOUTH_HEAD,
    ),
    f.event(
      'package.marked',
      `room:${SOUTH}`,
      { version: 2, clauseId: ids.patrols, partyId: SOUTH, canLiveWith: true },
      SOUTH_HEAD,
    ),
    f.event('package.accepted', `room:${SOUTH}`, { version: 2, partyId: SOUTH }, SOUTH_HEAD),
    f.event(
      'package.agreed',
      'gallery',
      { version: 2 },
      { id: null, role: 'system', partyId: null, displayName: 'Parley' },
    ),
  ];
}

/** The border item implemented early with both heads' consent. */
export function earlyBorder(f: EventFactory, ids: AgreementIds): WireEvent[] {
  return [
    f.event('item.earlyProposed', 'joint', { itemId: ids.border }, MEDIATOR),
    f.event('item.earlyConsented', `room:${NORTH}`, { itemId: ids.border, partyId: NORTH }, NORTH_HEAD),
    f.event('item.earlyConsented', `room:${SOUTH}`, { itemId: ids.border, partyId: SOUTH }, SOUTH_HEAD),
    f.event('item.implementedEarly', 'gallery', { itemId: ids.border, title: 'Border' }),
  ];
}

/** North's head registers a key and signs; South's does; the agreement is concluded. */
export function signatures(
  f: EventFactory,
  ids: AgreementIds,
  { complete }: { complete: boolean },
): WireEvent[] {
  const hash = '33c247dd60891fdc7cbf9c3e78d966d259f3ad14d1f31f111652e524ce06f848';
  const signed = (partyId: PartyId, memberId: MemberId, displayName: string, jwk: PublicSigningJwk) =>
    f.event(
      'agreement.signed',
      'joint',
      {
        version: 2,
        partyId,
        memberId,
        displayName,
        jwk,
        jws: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
        textHash: hash,
      },
      partyId === NORTH ? NORTH_HEAD : SOUTH_HEAD,
    );
  const events = [
    f.event(
      'member.keyRegistered',
      `room:${NORTH}`,
      { memberId: ids.northHead, role: 'head', partyId: NORTH, jwk: NORTH_JWK },
      NORTH_HEAD,
    ),
    signed(NORTH, ids.northHead, 'Nils North', NORTH_JWK),
  ];
  if (!complete) return events;
  return [
    ...events,
    f.event(
      'member.keyRegistered',
      `room:${SOUTH}`,
      { memberId: ids.southHead, role: 'head', partyId: SOUTH, jwk: SOUTH_JWK },
      SOUTH_HEAD,
    ),
    signed(SOUTH, ids.southHead, 'Sofia South', SOUTH_JWK),
    f.event('agreement.concluded', 'gallery', { version: 2, textHash: hash }),
  ];
}

/** What a party reads of these events: gallery, joint and its own room. */
export const visibleTo = (events: readonly WireEvent[], partyId: PartyId): WireEvent[] =>
  events.filter(
    (e) => e.audience === 'gallery' || e.audience === 'joint' || e.audience === `room:${partyId}`,
  );
