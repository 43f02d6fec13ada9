import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/src/index.js';
import { hashInviteCode } from '../../server/src/auth/invite-code.js';
import { isDomainError } from '../../server/src/talks/domain-error.js';
import { openTalks, type OpenTalksInput } from '../../server/src/talks/rules/membership.js';
import { emptyTalks } from '../../server/src/talks/state.js';
import { HOUR, T0, TALKS_ID, TestWorld, anyString, talks } from '../support/domain.js';

// [TK1] A talks opens with a title, two or more distinct parties and an observer cap,
// in the preparation phase, with the lead mediator's invite.

function open(input: Partial<OpenTalksInput>) {
  const world = new TestWorld();
  try {
    return openTalks(emptyTalks(TALKS_ID), { title: 'Talks', partyNames: ['A', 'B'], ...input }, world);
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}

const codeOf = (input: Partial<OpenTalksInput>) => {
  const outcome = open(input);
  return isDomainError(outcome) ? outcome.code : 'ok';
};

describe('[TK1] opening a talks', () => {
  it('[TK1] opens in the preparation phase with its parties, the default observer cap and a lead-mediator invite', () => {
    const made = open({ title: '  Lake talks  ', partyNames: [' North ', 'South'] });
    if (isDomainError(made)) throw made;
    const parties = made.result.parties;
    expect(parties).toEqual([
      { id: anyString, name: 'North' },
      { id: anyString, name: 'South' },
    ]);
    expect(made.events).toEqual([
      {
        type: 'talks.opened',
        payload: {
          title: 'Lake talks',
          parties,
          observerCap: LIMITS.defaultObserverCap,
          phase: 'preparation',
        },
      },
      {
        type: 'member.invited',
        payload: {
          inviteId: made.result.inviteId,
          role: 'lead-mediator',
          partyId: null,
          sponsorPartyId: null,
          expiresAt: new Date(Date.parse(T0) + LIMITS.defaultInviteHours * HOUR).toISOString(),
          codeHash: hashInviteCode(String(made.result.code)),
        },
      },
    ]);
  });

  it('[TK1] gives every party its own id', () => {
    const made = open({ partyNames: ['A', 'B', 'C'] });
    if (isDomainError(made)) throw made;
    const ids = (made.result.parties as { id: string }[]).map((party) => party.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('[TK1] keeps the observer cap it was given, zero included', () => {
    for (const observerCap of [0, 5, LIMITS.maxObserverCap]) {
      const made = open({ observerCap });
      if (isDomainError(made)) throw made;
      expect(made.events[0]).toMatchObject({ payload: { observerCap } });
    }
  });

  it('[TK1] refuses a blank or overlong title with INVALID_INPUT', () => {
    expect(codeOf({ title: '   ' })).toBe('INVALID_INPUT');
    expect(codeOf({ title: 'x'.repeat(LIMITS.maxTitleChars + 1) })).toBe('INVALID_INPUT');
    expect(codeOf({ title: 'x'.repeat(LIMITS.maxTitleChars) })).toBe('ok');
  });

  it('[TK1] refuses fewer than two or more than the maximum number of parties', () => {
    expect(codeOf({ partyNames: [] })).toBe('INVALID_INPUT');
    expect(codeOf({ partyNames: ['Alone'] })).toBe('INVALID_INPUT');
    const many = Array.from({ length: LIMITS.maxParties + 1 }, (_, n) => `Party ${n}`);
    expect(codeOf({ partyNames: many })).toBe('INVALID_INPUT');
    expect(codeOf({ partyNames: many.slice(1) })).toBe('ok');
  });

  it('[TK1] refuses party names that repeat, ignoring case and surrounding spaces', () => {
    expect(codeOf({ partyNames: ['North', 'north '] })).toBe('INVALID_INPUT');
  });

  it('[TK1] refuses blank or overlong party names', () => {
    expect(codeOf({ partyNames: ['North', ' '] })).toBe('INVALID_INPUT');
    expect(codeOf({ partyNames: ['North', 'x'.repeat(LIMITS.maxNameChars + 1)] })).toBe('INVALID_INPUT');
  });

  it('[TK1] refuses an observer cap that is negative, fractional or above the maximum', () => {
    expect(codeOf({ observerCap: -1 })).toBe('INVALID_INPUT');
    expect(codeOf({ observerCap: 1.5 })).toBe('INVALID_INPUT');
    expect(codeOf({ observerCap: LIMITS.maxObserverCap + 1 })).toBe('INVALID_INPUT');
  });

  it('[TK1] refuses to open a talks twice with CONFLICT', () => {
    const scenario = talks();
    expect(() =>
      openTalks(scenario.state, { title: 'Again', partyNames: ['C', 'D'] }, scenario.world),
    ).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('[TK1] the folded talks has its title, parties, cap, phase and the lead mediator seated', () => {
    const scenario = talks({ title: 'Lake talks', parties: ['North', 'South'], observerCap: 3 });
    expect(scenario.state).toMatchObject({
      title: 'Lake talks',
      phase: 'preparation',
      observerCap: 3,
      parties: [{ name: 'North' }, { name: 'South' }],
    });
    expect(scenario.member('lead')).toMatchObject({ role: 'lead-mediator', partyId: null, removed: false });
  });
});
