import { describe, expect, it } from 'vitest';
import { LIMITS, type Command, type Role } from '../../shared/src/index.js';
import { hashInviteCode } from '../../server/src/auth/invite-code.js';
import { readableAudiences } from '../../server/src/visibility/audience.js';
import { HOUR, talks } from '../support/domain.js';

const invite = (role: Role, partyId?: string, expiresInHours?: number): Command => ({
  type: 'member.invite',
  payload: {
    role,
    ...(partyId === undefined ? {} : { partyId }),
    ...(expiresInHours === undefined ? {} : { expiresInHours }),
  },
});

describe('[MB1] inviting members', () => {
  it('[MB1] the lead mediator invites a delegate of a party, bound to that role and party', () => {
    const s = talks();
    const outcome = s.when(invite('delegate', s.party('A')), 'lead');
    const { inviteId, code, expiresAt } = outcome.result;
    outcome
      .then({
        type: 'member.invited',
        payload: {
          inviteId: inviteId,
          role: 'delegate',
          partyId: s.party('A'),
          sponsorPartyId: null,
          expiresAt: new Date(Date.parse(s.world.now) + LIMITS.defaultInviteHours * HOUR).toISOString(),
          codeHash: hashInviteCode(String(code)),
        },
      })
      .thenResult({ inviteId, code, expiresAt })
      .thenAudiences('mediation');
  });

  it('[MB1] an invite expires after the hours asked for', () => {
    const s = talks();
    const outcome = s.when(invite('co-mediator', undefined, 5), 'lead');
    expect(outcome.result.expiresAt).toBe(new Date(Date.parse(s.world.now) + 5 * HOUR).toISOString());
  });

  it('[MB1] every invite has its own code', () => {
    const s = talks();
    s.invite('one', 'delegate', 'A');
    s.invite('two', 'delegate', 'A');
    expect(s.code('one')).not.toBe(s.code('two'));
  });

  it('[MB1] a co-mediator is invited without a party and a head or delegate with one', () => {
    const s = talks();
    s.when(invite('co-mediator'), 'lead').thenOk();
    s.when(invite('co-mediator', s.party('A')), 'lead').thenError('INVALID_INPUT');
    s.when(invite('head'), 'lead').thenError('INVALID_INPUT');
    s.when(invite('delegate'), 'lead').thenError('INVALID_INPUT');
    s.when(invite('delegate', '00000000-0000-4000-8000-0000000fffff'), 'lead').thenError('INVALID_INPUT');
  });

  it('[MB1] an observer is invited on behalf of a party, which is recorded as its sponsor', () => {
    const s = talks();
    s.when(invite('observer'), 'lead').thenError('INVALID_INPUT');
    s.when(invite('observer', s.party('B')), 'lead').thenAudiences('mediation');
    const event = s.when(invite('observer', s.party('B')), 'lead').events[0];
    expect(event).toMatchObject({
      payload: { role: 'observer', partyId: null, sponsorPartyId: s.party('B') },
    });
  });

  it('[MB1] nobody is invited as a second lead mediator', () => {
    talks().when(invite('lead-mediator'), 'lead').thenError('INVALID_INPUT');
  });

  it('[MB1] only the lead mediator invites: everyone else gets FORBIDDEN', () => {
    const s = talks().withEveryone();
    for (const who of ['co', 'head:A', 'delegate:A', 'observer:A']) {
      s.when(invite('delegate', s.party('A')), who).thenError('FORBIDDEN');
    }
  });

  it('[MB1] a member joins with the role, party and sponsor of the invite', () => {
    const s = talks().withMember('observer', 'B', 'guest').withMember('delegate', 'A', 'advisor');
    expect(s.member('guest')).toMatchObject({
      role: 'observer',
      partyId: null,
      sponsorPartyId: s.party('B'),
    });
    expect(s.member('advisor')).toMatchObject({
      role: 'delegate',
      partyId: s.party('A'),
      sponsorPartyId: null,
    });
  });
});

describe('[MB2] one head of delegation per party', () => {
  it('[MB2] a second head invite for a party is refused while the first is pending', () => {
    const s = talks();
    s.invite('first', 'head', 'A');
    s.when(invite('head', s.party('A')), 'lead').thenError('CONFLICT');
  });

  it('[MB2] a second head invite for a party is refused while its head is seated', () => {
    const s = talks().withMember('head', 'A');
    s.when(invite('head', s.party('A')), 'lead').thenError('CONFLICT');
  });

  it('[MB2] each party has its own head', () => {
    const s = talks().withMember('head', 'A');
    s.when(invite('head', s.party('B')), 'lead').thenOk();
  });

  it('[MB2] a party may have many delegates', () => {
    const s = talks().withMember('delegate', 'A').withMember('delegate', 'A');
    s.when(invite('delegate', s.party('A')), 'lead').thenOk();
  });

  it('[MB2] a new head may be invited once the pending invite expired or was revoked', () => {
    const s = talks();
    s.invite('short', 'head', 'A', 1);
    s.world.advance(HOUR);
    s.when(invite('head', s.party('A')), 'lead').thenOk();

    const r = talks();
    const inviteId = r.invite('revoked', 'head', 'A');
    r.run({ type: 'invite.revoke', payload: { inviteId } }, 'lead');
    r.when(invite('head', r.party('A')), 'lead').thenOk();
  });

  it('[MB2] a new head may be invited once the seated head was removed', () => {
    const s = talks().withMember('head', 'A');
    s.run({ type: 'member.remove', payload: { memberId: s.member('head:A').id } }, 'lead');
    s.when(invite('head', s.party('A')), 'lead').thenOk();
  });
});

describe('[MB3] observer cap per sponsoring party', () => {
  it('[MB3] pending observer invites count against the sponsoring party’s cap', () => {
    const s = talks({ observerCap: 2 });
    s.invite('o1', 'observer', 'A');
    s.invite('o2', 'observer', 'A');
    s.when(invite('observer', s.party('A')), 'lead').thenError('CONFLICT');
  });

  it('[MB3] seated observers count against the cap too', () => {
    const s = talks({ observerCap: 2 }).withMember('observer', 'A').withMember('observer', 'A');
    s.when(invite('observer', s.party('A')), 'lead').thenError('CONFLICT');
  });

  it('[MB3] each party has its own cap', () => {
    const s = talks({ observerCap: 1 }).withMember('observer', 'A');
    s.when(invite('observer', s.party('A')), 'lead').thenError('CONFLICT');
    s.when(invite('observer', s.party('B')), 'lead').thenOk();
  });

  it('[MB3] a cap of zero refuses the first observer', () => {
    const s = talks({ observerCap: 0 });
    s.when(invite('observer', s.party('A')), 'lead').thenError('CONFLICT');
  });

  it('[MB3] an expired or revoked observer invite frees its place', () => {
    const s = talks({ observerCap: 1 });
    s.invite('short', 'observer', 'A', 1);
    s.world.advance(HOUR);
    s.when(invite('observer', s.party('A')), 'lead').thenOk();

    const r = talks({ observerCap: 1 });
    const inviteId = r.invite('revoked', 'observer', 'A');
    r.run({ type: 'invite.revoke', payload: { inviteId } }, 'lead');
    r.when(invite('observer', r.party('A')), 'lead').thenOk();
  });

  it('[MB3] a removed observer frees its place', () => {
    const s = talks({ observerCap: 1 }).withMember('observer', 'A');
    s.run({ type: 'member.remove', payload: { memberId: s.member('observer:A').id } }, 'lead');
    s.when(invite('observer', s.party('A')), 'lead').thenOk();
  });

  it('[MB3] the cap concerns observers only, not delegates', () => {
    const s = talks({ observerCap: 0 }).withMember('delegate', 'A').withMember('delegate', 'A');
    s.when(invite('delegate', s.party('A')), 'lead').thenOk();
  });
});

describe('[MB4] revoking an invite', () => {
  it('[MB4] the lead mediator revokes a pending invite, which the mediators learn', () => {
    const s = talks();
    const inviteId = s.invite('pending', 'delegate', 'A');
    s.when({ type: 'invite.revoke', payload: { inviteId } }, 'lead')
      .then({ type: 'invite.revoked', payload: { inviteId: inviteId } })
      .thenAudiences('mediation');
  });

  it('[MB4] only the lead mediator revokes', () => {
    const s = talks().withEveryone();
    const inviteId = s.invite('pending', 'delegate', 'A');
    for (const who of ['co', 'head:A', 'delegate:B', 'observer:A']) {
      s.when({ type: 'invite.revoke', payload: { inviteId } }, who).thenError('FORBIDDEN');
    }
  });

  it('[MB4] an unknown invite is NOT_FOUND', () => {
    talks()
      .when({ type: 'invite.revoke', payload: { inviteId: '00000000-0000-4000-8000-0000000fffff' } }, 'lead')
      .thenNotFound();
  });

  it('[MB4] a used invite cannot be revoked, nor a revoked one again (CONFLICT)', () => {
    const s = talks();
    const used = s.invite('used', 'delegate', 'A');
    s.redeemAs('delegate', s.code('used'));
    s.when({ type: 'invite.revoke', payload: { inviteId: used } }, 'lead').thenError('CONFLICT');

    const revoked = s.invite('revoked', 'delegate', 'A');
    s.run({ type: 'invite.revoke', payload: { inviteId: revoked } }, 'lead');
    s.when({ type: 'invite.revoke', payload: { inviteId: revoked } }, 'lead').thenError('CONFLICT');
  });
});

describe('[MB5] removing a member', () => {
  it('[MB5] the lead mediator removes a member; the event names its role and party', () => {
    const s = talks().withMember('delegate', 'A');
    const member = s.member('delegate:A');
    s.when({ type: 'member.remove', payload: { memberId: member.id } }, 'lead')
      .then({
        type: 'member.removed',
        payload: { memberId: member.id, role: 'delegate', partyId: s.party('A') },
      })
      .thenAudiences(s.room('A'));
  });

  it('[MB5] a removed member reads nothing and may do nothing', () => {
    const s = talks().withMember('head', 'A');
    s.run({ type: 'member.remove', payload: { memberId: s.member('head:A').id } }, 'lead');
    const removed = s.member('head:A');
    expect(removed.removed).toBe(true);
    expect(readableAudiences(s.state, removed)).toEqual([]);
    s.when({ type: 'talks.get', payload: {} }, 'head:A').thenError('FORBIDDEN');
    s.when(
      { type: 'message.post', payload: { audience: 'caucus', text: 'still here?' } },
      'head:A',
    ).thenError('FORBIDDEN');
  });

  it('[MB5] only the lead mediator removes', () => {
    const s = talks().withEveryone();
    const memberId = s.member('delegate:A').id;
    for (const who of ['co', 'head:A', 'delegate:B', 'observer:A']) {
      s.when({ type: 'member.remove', payload: { memberId } }, who).thenError('FORBIDDEN');
    }
  });

  it('[MB5] an unknown or already removed member is NOT_FOUND', () => {
    const s = talks().withMember('delegate', 'A');
    const memberId = s.member('delegate:A').id;
    s.run({ type: 'member.remove', payload: { memberId } }, 'lead');
    s.when({ type: 'member.remove', payload: { memberId } }, 'lead').thenNotFound();
    s.when(
      { type: 'member.remove', payload: { memberId: '00000000-0000-4000-8000-0000000fffff' } },
      'lead',
    ).thenNotFound();
  });

  it('[MB5] the lead mediator cannot remove themself', () => {
    const s = talks();
    s.when({ type: 'member.remove', payload: { memberId: s.member('lead').id } }, 'lead').thenError(
      'CONFLICT',
    );
  });
});
