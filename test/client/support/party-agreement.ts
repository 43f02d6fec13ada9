import type { ClauseSnapshot, SharedVersion, TermSnapshot, WireEvent } from '../../../shared/src/events.js';
import type { AgendaItemId, ClauseId, CommentId, MemberId, TermId } from '../../../shared/src/ids.js';
import type { PublicSigningJwk } from '../../../shared/src/model.js';
import { EventFactory, NORTH, NORTH_HEAD, SOUTH, SOUTH_HEAD, seededId } from './events.js';
import { member } from './render.js';

// North's side of a talks on the road to an agreement: what the server lets North's
// delegation read (joint, gallery and North's own room), stage by stage, for the room's
// agreement tab. Clause 1 uses the glossary's term, so highlighting can be seen.

export const northHead = member('head', 'Nils North', NORTH);
export const northDelegate = member('delegate', 'Dana Delegate', NORTH);

export const ids = {
  water: seededId<AgendaItemId>(),
  border: seededId<AgendaItemId>(),
  sharing: seededId<ClauseId>(),
  patrols: seededId<ClauseId>(),
  dryYear: seededId<TermId>(),
};

const PARLEY = { id: null, role: 'system' as const, partyId: null, displayName: 'Parley' };

const dryYear = (state: TermSnapshot['state']): TermSnapshot => ({
  termId: ids.dryYear,
  term: { en: 'dry year', uk: 'посушливий рік', ru: '' },
  definition: {
    en: 'A year with less than 60% of the mean flow.',
    uk: 'Рік зі стоком менше 60% середнього.',
    ru: '',
  },
  state,
});

const patrols = (state: ClauseSnapshot['state']): ClauseSnapshot => ({
  clauseId: ids.patrols,
  number: 2,
  agendaItemIds: [ids.border],
  state,
  texts: {
    en: 'Joint patrols on the border.',
    uk: 'Спільне патрулювання кордону.',
    ru: 'Совместное патрулирование границы.',
  },
  alternatives: [],
});

export const VERSION_1: SharedVersion = {
  version: 1,
  authenticLanguage: 'en',
  clauses: [
    {
      clauseId: ids.sharing,
      number: 1,
      agendaItemIds: [ids.water],
      state: 'bracketed',
      texts: { en: 'In a dry year the waters are shared [60/40].', uk: '', ru: '' },
      alternatives: [
        { label: 'A', texts: { en: 'In a dry year the waters are shared 60/40.', uk: '', ru: '' } },
        { label: 'B', texts: { en: 'In a dry year the waters are shared 55/45.', uk: '', ru: '' } },
      ],
    },
    patrols('open'),
  ],
  glossary: [dryYear('open')],
};

export const VERSION_2: SharedVersion = {
  version: 2,
  authenticLanguage: 'en',
  clauses: [
    {
      clauseId: ids.sharing,
      number: 1,
      agendaItemIds: [ids.water],
      state: 'agreed',
      texts: {
        en: 'In a dry year the waters are shared 55/45.',
        uk: 'У посушливий рік води розподіляються 55/45.',
        ru: '',
      },
      alternatives: [],
    },
    patrols('agreed'),
  ],
  glossary: [dryYear('agreed')],
};

/** The talks in negotiation, the agenda, version 1, North's objection to clause 1, then version 2. */
export function twoVersions(f = new EventFactory()): WireEvent[] {
  return [
    f.opened('River talks'),
    f.event('phase.changed', 'gallery', { from: 'pre-negotiation', to: 'negotiation' }),
    f.event('agenda.itemAdded', 'joint', {
      itemId: ids.water,
      number: 1,
      title: 'Water sharing',
      description: 'How the river is shared in dry years.',
    }),
    f.event('agenda.itemAdded', 'joint', { itemId: ids.border, number: 2, title: 'Border', description: '' }),
    f.event('text.versionShared', 'joint', structuredClone(VERSION_1)),
    f.event(
      'text.commented',
      `room:${NORTH}`,
      {
        commentId: seededId<CommentId>(),
        version: 1,
        clauseId: ids.sharing,
        partyId: NORTH,
        text: 'We cannot accept 60/40.',
        objects: true,
      },
      NORTH_HEAD,
    ),
    f.event('text.versionShared', 'joint', structuredClone(VERSION_2)),
  ];
}

/** North's head marks both clauses of version 2 as ones it can live with. */
export const northMarksAll = (f: EventFactory): WireEvent[] =>
  [ids.sharing, ids.patrols].map((clauseId) =>
    f.event(
      'package.marked',
      `room:${NORTH}`,
      { version: 2, clauseId, partyId: NORTH, canLiveWith: true },
      NORTH_HEAD,
    ),
  );

/** North accepts version 2 and, South having accepted too, the package is agreed. */
export const agreed = (f: EventFactory): WireEvent[] => [
  ...northMarksAll(f),
  f.event('package.accepted', `room:${NORTH}`, { version: 2, partyId: NORTH }, NORTH_HEAD),
  f.event('package.agreed', 'gallery', { version: 2 }, PARLEY),
];

export const keyRegistered = (f: EventFactory, memberId: MemberId, jwk: PublicSigningJwk): WireEvent =>
  f.event(
    'member.keyRegistered',
    `room:${NORTH}`,
    { memberId, role: 'head', partyId: NORTH, jwk },
    NORTH_HEAD,
  );

/** South's head signs (told to every delegation), as the room reads it. */
export const southSigned = (f: EventFactory, jwk: PublicSigningJwk, textHash: string): WireEvent =>
  f.event(
    'agreement.signed',
    'joint',
    {
      version: 2,
      partyId: SOUTH,
      memberId: seededId(),
      displayName: 'Sofia South',
      jwk,
      jws: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln',
      textHash,
    },
    SOUTH_HEAD,
  );
