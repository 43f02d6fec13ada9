import { describe, expect, it } from 'vitest';
import {
  EVENT_TYPES,
  ROLES,
  type Audience,
  type EventType,
  type PartyId,
  type Role,
} from '../../shared/src/index.js';
import type { Member } from '../../server/src/talks/state.js';
import { audienceOf, canRead, readableAudiences } from '../../server/src/visibility/audience.js';
import { toWireEvent } from '../../server/src/visibility/view.js';
import { talks, type Scenario } from '../support/domain.js';
import { fullRound } from './full-round.js';

// The audience rule, restated here from docs/SPEC.md without reading
// server/src/visibility, and checked against what the server computes.

function specAudience(event: { type: EventType; payload: object }): Audience {
  const p = event.payload as Record<string, unknown>;
  const party = (key: string): string => {
    const value = p[key];
    if (typeof value !== 'string') throw new Error(`${event.type} has no ${key}`);
    return value;
  };
  switch (event.type) {
    case 'talks.opened':
    case 'phase.changed':
    case 'summary.published':
    case 'package.agreed':
    case 'item.implementedEarly':
    case 'agreement.concluded':
      return 'gallery';
    case 'member.invited':
    case 'invite.revoked':
    case 'member.reentryOffered':
    case 'member.reentered':
    case 'session.renewed':
    case 'session.revoked':
    case 'summary.drafted':
    case 'summary.revised':
    case 'inbox.marked':
    case 'agenda.linked':
    case 'text.clauseDrafted':
    case 'text.clauseStateSet':
    case 'text.authenticSet':
    case 'glossary.termDefined':
    case 'glossary.termStateSet':
      return 'mediation';
    case 'agenda.itemAdded':
    case 'agenda.itemUpdated':
    case 'text.versionShared':
    case 'item.earlyProposed':
    case 'agreement.signed':
      return 'joint';
    case 'member.joined':
    case 'member.removed':
    case 'member.keyRegistered':
      if (p.role === 'head' || p.role === 'delegate') return `room:${party('partyId')}`;
      return p.role === 'observer' ? 'mediation' : 'joint';
    case 'message.posted':
      if (p.channel === 'caucus') return `caucus:${party('partyId')}`;
      if (p.channel === 'room') return `room:${party('partyId')}`;
      return p.channel as Audience;
    case 'conveyance.delivered':
      return `room:${party('toPartyId')}`;
    case 'conveyance.disclosed':
      return `room:${party('fromPartyId')}`;
    default:
      return `room:${party('partyId')}`;
  }
}

/** Who reads what, per docs/SPEC.md [VIS3]. */
function specReads(s: Scenario, role: Role, partyId: PartyId | null): Audience[] {
  const rooms = s.state.parties.map((party) => `room:${party.id}` as Audience);
  switch (role) {
    case 'lead-mediator':
    case 'co-mediator':
      return [...rooms, 'mediation', 'joint', 'gallery'];
    case 'head':
    case 'delegate':
      return [`caucus:${partyId ?? ''}`, `room:${partyId ?? ''}`, 'joint', 'gallery'];
    case 'observer':
      return ['gallery'];
  }
}

const activeMembers = (s: Scenario): Member[] =>
  Object.values(s.state.members).filter((member) => !member.removed);

describe('[VIS1] every event has exactly one audience', () => {
  it('[VIS1] a full round produces every event type', () => {
    const { s } = fullRound();
    expect(new Set(s.log.map((event) => event.type))).toEqual(new Set(EVENT_TYPES));
  });

  it('[VIS1] the audience of every event of a full round is the one docs/SPEC.md names', () => {
    const { s } = fullRound(['A', 'B', 'C']);
    for (const event of s.log) {
      expect(audienceOf(event, s.state), `${event.type} #${event.seq}`).toBe(specAudience(event));
    }
  });

  it('[VIS1] conveying writes the destination room and the authoring room, never a third', () => {
    const { s } = fullRound(['A', 'B', 'C']);
    const touched = s
      .stored()
      .filter((event) => event.type.startsWith('conveyance.'))
      .map((event) => event.audience);
    expect(touched).not.toContain(s.room('C'));
  });

  it('[VIS1] observers are told of phase changes, published summaries and public milestones, and of nothing else', () => {
    const { s } = fullRound();
    const gallery = s
      .stored()
      .filter((event) => event.audience === 'gallery')
      .map((event) => event.type);
    expect(new Set(gallery)).toEqual(
      new Set([
        'talks.opened',
        'phase.changed',
        'summary.published',
        'package.agreed',
        'item.implementedEarly',
        'agreement.concluded',
      ]),
    );
  });
});

describe('[VIS2] who learns of a member joining or leaving', () => {
  it('[VIS2] a delegation member is announced in its own room only', () => {
    const s = talks().withMember('head', 'A').withMember('delegate', 'B');
    const joined = s
      .stored()
      .filter((event) => event.type === 'member.joined' && event.actor.role !== 'lead-mediator');
    expect(joined.map((event) => event.audience)).toEqual([s.room('A'), s.room('B')]);
  });

  it('[VIS2] mediators are announced to every delegation (joint), observers to the mediators only', () => {
    const s = talks().withMember('co-mediator').withMember('observer', 'A');
    const joined = s.stored().filter((event) => event.type === 'member.joined');
    expect(joined.map((event) => [event.payload.role, event.audience])).toEqual([
      ['lead-mediator', 'joint'],
      ['co-mediator', 'joint'],
      ['observer', 'mediation'],
    ]);
  });

  it('[VIS2] a removal goes to the audience that learnt of the joining', () => {
    const s = talks().withEveryone();
    for (const name of ['co', 'head:A', 'delegate:B', 'observer:A']) {
      s.when({ type: 'member.remove', payload: { memberId: s.member(name).id } }, 'lead').thenAudiences(
        specAudience({
          type: 'member.joined',
          payload: { role: s.member(name).role, partyId: s.member(name).partyId },
        }),
      );
    }
  });
});

describe('[VIS3] the audiences each member reads', () => {
  it('[VIS3] each role reads exactly the audiences docs/SPEC.md lists', () => {
    const s = talks({ parties: ['A', 'B', 'C'] }).withEveryone();
    const seen = new Set<Role>();
    for (const member of activeMembers(s)) {
      seen.add(member.role);
      expect(new Set(readableAudiences(s.state, member)), member.displayName).toEqual(
        new Set(specReads(s, member.role, member.partyId)),
      );
    }
    expect(seen).toEqual(new Set(ROLES));
  });

  it('[VIS3] canRead agrees with the list for every audience, unknown ones denied', () => {
    const s = talks({ parties: ['A', 'B'] }).withEveryone();
    const universe: Audience[] = [
      ...s.state.parties.flatMap((party) => [`caucus:${party.id}`, `room:${party.id}`] as Audience[]),
      'mediation',
      'joint',
      'gallery',
      'caucus:00000000-0000-4000-8000-0000000fffff',
      'room:00000000-0000-4000-8000-0000000fffff',
      'caucus:',
      'room:',
    ];
    for (const member of activeMembers(s)) {
      const allowed = specReads(s, member.role, member.partyId);
      for (const audience of universe) {
        expect(canRead(s.state, member, audience), `${member.displayName} reads ${audience}`).toBe(
          allowed.includes(audience),
        );
      }
    }
  });

  it('[VIS3] the mediators read no caucus', () => {
    const s = talks().withEveryone();
    for (const name of ['lead', 'co']) {
      expect(canRead(s.state, s.member(name), s.caucus('A'))).toBe(false);
      expect(canRead(s.state, s.member(name), s.caucus('B'))).toBe(false);
    }
  });

  it('[VIS3] a removed member reads nothing, the gallery included', () => {
    const s = talks().withEveryone();
    for (const name of ['co', 'head:A', 'delegate:B', 'observer:A']) {
      s.run({ type: 'member.remove', payload: { memberId: s.member(name).id } }, 'lead');
      expect(readableAudiences(s.state, s.member(name))).toEqual([]);
      expect(canRead(s.state, s.member(name), 'gallery')).toBe(false);
    }
  });

  it('[VIS3] a party’s own words reach only its delegation and the mediators, unless conveyed or said in the joint session', () => {
    const { s } = fullRound(['A', 'B', 'C']);
    const members = Object.values(s.state.members);
    for (const event of s.stored()) {
      // Who acted, as the readers are told it ([VIS9]: milestones are told by Parley).
      const author = toWireEvent(event).actor.partyId;
      // Said at the table on purpose: a joint message, a signature ([SIG3]).
      const public_ = (event.type === 'message.posted' && event.payload.channel === 'joint') || event.type === 'agreement.signed';
      if (author === null || public_) continue;
      const readers = members.filter((member) => canRead(s.state, member, event.audience));
      for (const reader of readers) {
        const mayRead =
          reader.partyId === author || reader.role === 'lead-mediator' || reader.role === 'co-mediator';
        expect(mayRead, `${reader.displayName} reads ${event.type} by party ${author}`).toBe(true);
      }
    }
  });

  it('[VIS3] a conveyance reaches the other party only as the mediator’s act', () => {
    const { s } = fullRound();
    const delivered = s.stored().filter((event) => event.type === 'conveyance.delivered');
    expect(delivered.length).toBeGreaterThan(0);
    for (const event of delivered) expect(['lead-mediator', 'co-mediator']).toContain(event.actor.role);
  });
});
