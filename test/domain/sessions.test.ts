import { describe, expect, it } from 'vitest';
import { FIXED_MESSAGES } from '../../shared/src/index.js';
import { DomainError } from '../../server/src/talks/domain-error.js';
import { renewSession, sessionHolds } from '../../server/src/talks/rules/sessions.js';
import { talks } from '../support/domain.js';

// [ID6] [ID8] Sessions live in the talks' log; [MB8] re-entry links; [MB9] no accidental twin.

const refused = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return 'accepted';
};

describe('[ID6] a refresh token works once; a reused one ends its family', () => {
  it('[ID6] the current generation renews the family by one', () => {
    const s = talks().withMember('delegate', 'A', 'amira');
    const made = s.renew('amira', 'f1', 0);
    expect(made.events).toEqual([
      { type: 'session.renewed', payload: { memberId: s.member('amira').id, familyId: 'f1', generation: 1 } },
    ]);
    expect(made.result).toEqual({ outcome: 'renewed', generation: 1 });
    expect(s.renew('amira', 'f1', 1).result).toEqual({ outcome: 'renewed', generation: 2 });
  });

  it('[ID6] an already used refresh token revokes the family: no token of it holds any more', () => {
    const s = talks().withMember('delegate', 'A', 'amira');
    const member = s.member('amira');
    s.renew('amira', 'f1', 0);
    const reused = s.renew('amira', 'f1', 0);
    expect(reused.events).toEqual([{ type: 'session.revoked', payload: { memberId: member.id, familyId: 'f1' } }]);
    expect(reused.result).toEqual({ outcome: 'reused' });
    expect(sessionHolds(s.state, { memberId: member.id, familyId: 'f1', epoch: 0 })).toBeUndefined();
    // The newest refresh token of the family is refused too, whoever holds it.
    expect(refused(() => renewSession(s.state, { memberId: member.id, familyId: 'f1', epoch: 0, generation: 1 }))).toBe(
      'UNAUTHENTICATED',
    );
    // Another sign-in of the same member (another family) is not touched.
    expect(sessionHolds(s.state, { memberId: member.id, familyId: 'f2', epoch: 0 })).toBe(member);
  });

  it('[ID6] a generation the family never reached is refused without ending it', () => {
    const s = talks().withMember('delegate', 'A', 'amira');
    const member = s.member('amira');
    expect(refused(() => renewSession(s.state, { memberId: member.id, familyId: 'f1', epoch: 0, generation: 5 }))).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('[ID8] a session holds only while its member, family and epoch do', () => {
  it('[ID8] a removed member has no session', () => {
    const s = talks().withMember('delegate', 'A', 'amira');
    const memberId = s.member('amira').id;
    s.run({ type: 'member.remove', payload: { memberId } }, 'lead');
    expect(sessionHolds(s.state, { memberId, familyId: 'f1', epoch: 0 })).toBeUndefined();
  });
});

describe('[MB8] a re-entry link signs a member in again as themself', () => {
  it('[MB8] the lead offers a re-entry link to an existing member (mediation only)', () => {
    const s = talks().withMember('delegate', 'A', 'amira');
    const outcome = s.when({ type: 'member.offerReentry', payload: { memberId: s.member('amira').id } }, 'lead');
    outcome.thenTypes('member.reentryOffered').thenAudiences('mediation');
  });

  it('[MB8] redeeming it seats no one new and ends every earlier session of that member', () => {
    const s = talks().withMember('delegate', 'A', 'amira');
    const member = s.member('amira');
    const before = Object.keys(s.state.members).length;
    const offer = s.run({ type: 'member.offerReentry', payload: { memberId: member.id } }, 'lead');
    const made = s.reenter('amira', String(offer.result.code));
    expect(made.result).toEqual({ memberId: member.id });
    expect(made.events.map((event) => event.type)).toEqual(['member.reentered']);
    expect(Object.keys(s.state.members)).toHaveLength(before);
    expect(sessionHolds(s.state, { memberId: member.id, familyId: 'old', epoch: 0 })).toBeUndefined();
    expect(sessionHolds(s.state, { memberId: member.id, familyId: 'new', epoch: 1 })).toBe(member);
    // Single-use, like every invite.
    s.whenRedeemed(String(offer.result.code)).thenError('INVITE_INVALID', FIXED_MESSAGES.INVITE_INVALID);
  });

  it('[MB8] only the lead offers re-entry, not for themself, and not for an unknown member', () => {
    const s = talks().withMember('co-mediator', undefined, 'co').withMember('delegate', 'A', 'amira');
    s.when({ type: 'member.offerReentry', payload: { memberId: s.member('amira').id } }, 'co').thenError('FORBIDDEN');
    s.when({ type: 'member.offerReentry', payload: { memberId: s.member('lead').id } }, 'lead').thenError('CONFLICT');
    s.when(
      { type: 'member.offerReentry', payload: { memberId: '00000000-0000-4000-8000-000000000000' } },
      'lead',
    ).thenNotFound();
  });

  it('[MB8] a re-entry link of a member removed since is INVITE_INVALID', () => {
    const s = talks().withMember('delegate', 'A', 'amira');
    const memberId = s.member('amira').id;
    const offer = s.run({ type: 'member.offerReentry', payload: { memberId } }, 'lead');
    s.run({ type: 'member.remove', payload: { memberId } }, 'lead');
    s.whenRedeemed(String(offer.result.code)).thenError('INVITE_INVALID', FIXED_MESSAGES.INVITE_INVALID);
  });
});

describe('[MB9] a new member never takes the name of an active member of the same party', () => {
  it('[MB9] the same name (any case or spacing) in the same party is refused with a pointer to re-entry', () => {
    const s = talks().withMember('delegate', 'A', 'Jean Moreau');
    s.invite('second', 'delegate', 'A');
    s.whenRedeemed(s.code('second'), '  jean   MOREAU ').thenError('INVALID_INPUT', /re-entry link/);
  });

  it('[MB9] the same name in another party, or after the holder was removed, is fine', () => {
    const s = talks().withMember('delegate', 'A', 'Jean Moreau');
    s.invite('other', 'delegate', 'B');
    s.whenRedeemed(s.code('other'), 'Jean Moreau').thenOk();
    s.run({ type: 'member.remove', payload: { memberId: s.member('Jean Moreau').id } }, 'lead');
    s.invite('again', 'delegate', 'A');
    s.whenRedeemed(s.code('again'), 'Jean Moreau').thenOk();
  });
});
