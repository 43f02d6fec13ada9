import { describe, expect, it } from 'vitest';
import { FIXED_MESSAGES, LIMITS, SYSTEM_ACTOR, asId, type InviteId } from '../../shared/src/index.js';
import { hashInviteCode } from '../../server/src/auth/invite-code.js';
import { DomainError } from '../../server/src/talks/domain-error.js';
import { draft } from '../../server/src/talks/events.js';
import { redeemInvite } from '../../server/src/talks/rules/membership.js';
import { emptyTalks } from '../../server/src/talks/state.js';
import { HOUR, TALKS_ID, TestWorld, talks } from '../support/domain.js';

// [MB6] An invite is single-use and expires; an unknown, used, revoked or expired
// code, or one for a concluded talks, gets one and the same INVITE_INVALID.

const INVALID = FIXED_MESSAGES.INVITE_INVALID;

describe('[MB6] redeeming an invite', () => {
  it('[MB6] a pending invite seats a member with its role and party under the display name given', () => {
    const s = talks();
    const inviteId = s.invite('d', 'delegate', 'A');
    const outcome = s.whenRedeemed(s.code('d'), '  Amira  ');
    outcome.then({
      type: 'member.joined',
      payload: {
        memberId: outcome.id('memberId'),
        role: 'delegate',
        partyId: s.party('A'),
        displayName: 'Amira',
        inviteId,
        sponsorPartyId: null,
      },
    });
    outcome.thenAudiences(s.room('A'));
  });

  it('[MB6] a used invite is INVITE_INVALID', () => {
    const s = talks();
    s.invite('d', 'delegate', 'A');
    s.redeemAs('first', s.code('d'));
    s.whenRedeemed(s.code('d')).thenError('INVITE_INVALID', INVALID);
  });

  it('[MB6] an expired invite is INVITE_INVALID from the moment it expires', () => {
    const s = talks();
    s.invite('d', 'delegate', 'A', 2);
    s.world.advance(2 * HOUR - 1);
    s.whenRedeemed(s.code('d')).thenOk();
    s.world.advance(1);
    s.whenRedeemed(s.code('d')).thenError('INVITE_INVALID', INVALID);
  });

  it('[MB6] a revoked invite is INVITE_INVALID', () => {
    const s = talks();
    const inviteId = s.invite('d', 'delegate', 'A');
    s.run({ type: 'invite.revoke', payload: { inviteId } }, 'lead');
    s.whenRedeemed(s.code('d')).thenError('INVITE_INVALID', INVALID);
  });

  it('[MB6] a wrong code is INVITE_INVALID', () => {
    const s = talks();
    s.invite('d', 'delegate', 'A');
    s.whenRedeemed(`${s.code('d')}x`).thenError('INVITE_INVALID', INVALID);
    s.whenRedeemed('').thenError('INVITE_INVALID', INVALID);
  });

  it('[MB6] no invite of a concluded talks can be redeemed', () => {
    const s = talks().inPhase('negotiation');
    s.invite('d', 'delegate', 'A');
    s.inPhase('concluded');
    s.whenRedeemed(s.code('d')).thenError('INVITE_INVALID', INVALID);
  });

  it('[MB6] an invite of a suspended talks can still be redeemed', () => {
    const s = talks();
    s.invite('d', 'delegate', 'A');
    s.inPhase('suspended');
    s.whenRedeemed(s.code('d')).thenOk();
  });

  it('[MB6] a talks that was never opened knows no invite', () => {
    const world = new TestWorld();
    expect(() => redeemInvite(emptyTalks(TALKS_ID), hashInviteCode('any'), 'Name', world)).toThrow(
      new DomainError('INVITE_INVALID', INVALID),
    );
  });

  it('[MB6] a head invite is INVITE_INVALID while another head of that party sits', () => {
    // [MB2] keeps this state from arising through commands; the redeem guards it again.
    const s = talks().withMember('head', 'A');
    const { code, codeHash } = s.world.newInviteSecret();
    s.given(
      SYSTEM_ACTOR,
      draft('member.invited', {
        inviteId: asId<InviteId>(s.world.newId()),
        role: 'head',
        partyId: s.party('A'),
        sponsorPartyId: null,
        expiresAt: new Date(Date.parse(s.world.now) + HOUR).toISOString(),
        codeHash,
      }),
    );
    s.whenRedeemed(code).thenError('INVITE_INVALID', INVALID);
  });

  it('[MB6] a display name must be 1 to 80 characters once trimmed', () => {
    const s = talks();
    s.invite('d', 'delegate', 'A');
    s.whenRedeemed(s.code('d'), '   ').thenError('INVALID_INPUT');
    s.whenRedeemed(s.code('d'), 'x'.repeat(LIMITS.maxNameChars + 1)).thenError('INVALID_INPUT');
    s.whenRedeemed(s.code('d'), 'x'.repeat(LIMITS.maxNameChars)).thenOk();
  });

  it('[MB6] a bad code is INVITE_INVALID even with a bad display name (the code is checked first)', () => {
    talks().whenRedeemed('nope', '').thenError('INVITE_INVALID', INVALID);
  });
});
