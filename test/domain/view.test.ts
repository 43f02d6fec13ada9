import { describe, expect, it } from 'vitest';
import { asId, type InviteId } from '../../shared/src/index.js';
import type { RawEntry, StoredEvent } from '../../server/src/log/event-log.js';
import { auditEntryView } from '../../server/src/visibility/audit-view.js';
import { talksView, toWireEvent } from '../../server/src/visibility/view.js';
import { HOUR, anyString, talks } from '../support/domain.js';
import { fullRound } from './full-round.js';

const WIRE_KEYS = ['actor', 'at', 'audience', 'aseq', 'id', 'payload', 'talksId', 'type'];

describe('[VIS4] events on the wire carry allowlisted fields only', () => {
  it('[VIS4] a wire event has no talks-wide seq, no hashes and no commandId', () => {
    const { s } = fullRound();
    for (const stored of s.stored()) {
      const wire = toWireEvent(stored);
      expect(Object.keys(wire).sort()).toEqual(WIRE_KEYS.sort());
      expect(wire).toMatchObject({
        talksId: stored.talksId,
        id: stored.id,
        audience: stored.audience,
        aseq: stored.aseq,
      });
      expect(Object.keys(wire.actor).sort()).toEqual(['displayName', 'id', 'partyId', 'role']);
    }
  });

  it('[VIS4] member.invited and member.reentryOffered never carry the code hash, nor anything of the code', () => {
    const s = talks().withEveryone();
    const code = s.code('delegate:A');
    // [MB8] A re-entry link is an invite too, with its own code.
    s.run({ type: 'member.offerReentry', payload: { memberId: s.member('delegate:A').id } }, 'lead');
    const invited = s.stored().filter((event) => event.type === 'member.invited' || event.type === 'member.reentryOffered');
    expect(invited.length).toBeGreaterThan(0);
    for (const stored of invited) {
      expect(stored.payload).toHaveProperty('codeHash');
      const wire = toWireEvent(stored);
      expect(wire.payload).not.toHaveProperty('codeHash');
      const { codeHash: _hidden, ...rest } = stored.payload;
      expect(wire.payload).toEqual(rest);
      expect(JSON.stringify(wire)).not.toContain(String(_hidden));
      expect(JSON.stringify(wire)).not.toContain(code);
    }
  });

  it('[VIS4] every other event’s wire payload is its stored payload, field for field', () => {
    const { s } = fullRound();
    for (const stored of s.stored().filter((event) => event.type !== 'member.invited' && event.type !== 'member.reentryOffered')) {
      expect(toWireEvent(stored).payload, stored.type).toEqual(stored.payload);
    }
  });

  it('[VIS4] a field the allowlist does not name never reaches the wire, in the payload or the actor', () => {
    const { s } = fullRound();
    for (const stored of s.stored()) {
      const tainted: StoredEvent = {
        ...stored,
        actor: Object.assign({ email: 'leak@example.org' }, stored.actor),
        payload: { ...stored.payload, internalNote: 'leak' },
      };
      const wire = JSON.stringify(toWireEvent(tainted));
      expect(wire).not.toContain('leak');
    }
  });
});

describe('[VIS5] talks.get: the caller’s view under the same audience rule', () => {
  const setting = () => {
    const s = talks({ parties: ['A', 'B'] }).withEveryone();
    s.withMember('delegate', 'A', 'gone');
    s.run({ type: 'member.remove', payload: { memberId: s.member('gone').id } }, 'lead');
    return s;
  };
  const names = (view: { members: { displayName: string }[] }) =>
    view.members.map((m) => m.displayName).sort();

  it('[VIS5] a party sees its own delegation and the mediators, never the other party’s members or observers', () => {
    const s = setting();
    for (const who of ['head:A', 'delegate:A']) {
      const view = talksView(s.state, s.member(who), s.world.now);
      expect(names(view)).toEqual(['co', 'delegate:A', 'head:A', 'lead']);
      expect(view).not.toHaveProperty('invites');
    }
    expect(names(talksView(s.state, s.member('head:B'), s.world.now))).toEqual([
      'co',
      'delegate:B',
      'head:B',
      'lead',
    ]);
  });

  it('[VIS5] the mediators see every seated member, observers included, and no removed one', () => {
    const s = setting();
    for (const who of ['lead', 'co']) {
      expect(names(talksView(s.state, s.member(who), s.world.now))).toEqual([
        'co',
        'delegate:A',
        'delegate:B',
        'head:A',
        'head:B',
        'lead',
        'observer:A',
      ]);
    }
  });

  it('[VIS5] an observer sees the talks and itself, and no member', () => {
    const s = setting();
    const view = talksView(s.state, s.member('observer:A'), s.world.now);
    expect(view.members).toEqual([]);
    expect(view.me).toMatchObject({ id: s.member('observer:A').id, role: 'observer', partyId: null });
    expect(view.talks).toEqual({
      id: s.state.id,
      title: s.state.title,
      phase: 'preparation',
      observerCap: 2,
      parties: s.state.parties,
    });
    expect(view).not.toHaveProperty('invites');
  });

  it('[VIS5] pending invites are shown to the mediators only, without their code or its hash', () => {
    const s = setting();
    const pending = s.invite('pending', 'observer', 'B');
    const revoked = s.invite('revoked', 'delegate', 'B');
    s.run({ type: 'invite.revoke', payload: { inviteId: revoked } }, 'lead');
    const expiring = s.invite('expiring', 'delegate', 'A', 1);
    s.world.advance(HOUR);
    for (const who of ['lead', 'co']) {
      const view = talksView(s.state, s.member(who), s.world.now);
      expect(view.invites).toEqual([
        {
          inviteId: pending,
          role: 'observer',
          partyId: null,
          sponsorPartyId: s.party('B'),
          expiresAt: anyString,
        },
      ]);
      expect(JSON.stringify(view)).not.toContain(
        s.state.invites[asId<InviteId>(pending)]?.codeHash ?? 'missing',
      );
      expect(JSON.stringify(view)).not.toContain(s.code('pending'));
    }
    expect(JSON.stringify(talksView(s.state, s.member('lead'), s.world.now))).not.toContain(expiring);
  });
});

describe('[AUD4] the audit read seals every audience the reader may not read', () => {
  const entryOf = (stored: StoredEvent): RawEntry => ({
    seq: stored.seq,
    audience: stored.audience,
    aseq: stored.aseq,
    body: JSON.stringify({ type: stored.type, payload: stored.payload }),
    prevHash: 'p'.repeat(64),
    hash: 'h'.repeat(64),
  });

  it('[AUD4] given a full round, when the lead reads the audit, then every caucus entry is sealed and every other is readable', () => {
    const { s } = fullRound();
    const lead = s.member('lead');
    const stored = s.stored();
    expect(stored.some((event) => event.audience.startsWith('caucus:'))).toBe(true);
    for (const event of stored) {
      const view = auditEntryView(s.state, lead, entryOf(event), event);
      if (event.audience.startsWith('caucus:')) {
        expect(view.sealed).toMatchObject({ reason: 'audience' });
        expect(Object.keys(view).sort()).toEqual(
          ['actor', 'aseq', 'at', 'audience', 'hash', 'id', 'prevHash', 'sealed', 'seq', 'type'].sort(),
        );
        expect(Object.keys(view.actor)).toEqual(['role']);
      } else {
        expect(view.sealed).toBeNull();
      }
    }
  });

  it('[AUD4] given a caucus entry, when its own delegation’s head would read it, then it is not sealed', () => {
    const { s } = fullRound();
    const caucus = s.stored().find((event) => event.audience === `caucus:${s.party('A')}`);
    expect(caucus).toBeDefined();
    if (!caucus) return;
    expect(auditEntryView(s.state, s.member('head:A'), entryOf(caucus), caucus).sealed).toBeNull();
    expect(auditEntryView(s.state, s.member('head:B'), entryOf(caucus), caucus).sealed).not.toBeNull();
  });
});
