import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashInviteCode,
  isInviteCodeShaped,
  makeInviteCode,
  talksOfLegacyInviteCode,
} from '../../server/src/auth/invite-code.js';
import { openCast, startTestServer } from '../support/server.js';

describe('[ID7] invite codes are opaque', () => {
  it('[ID7] a code is 32 random bytes: nothing of any talks id is in it', () => {
    const { code, codeHash } = makeInviteCode();
    expect(Buffer.from(code, 'base64url')).toHaveLength(32);
    expect(codeHash).toBe(hashInviteCode(code));
    expect(isInviteCodeShaped(code)).toBe(true);
    expect(talksOfLegacyInviteCode(code)).toBeNull();
    // Two codes share nothing.
    expect(makeInviteCode().code).not.toBe(code);
  });

  it('[ID7] a code of the earlier format still names its talks, so issued links keep working until they expire', () => {
    const talksId = randomUUID();
    const legacy = Buffer.concat([Buffer.from(talksId.replaceAll('-', ''), 'hex'), randomBytes(24)]).toString('base64url');
    expect(talksOfLegacyInviteCode(legacy)).toBe(talksId);
  });

  it('[ID7] the server redeems an opaque code through the store, and the code holds no talks id', async () => {
    const server = await startTestServer();
    try {
      const cast = await openCast(server);
      const invited = await cast.lead.command<{ code: string }>('member.invite', { role: 'delegate', partyId: cast.partyA });
      if (!invited.ok) throw new Error(invited.error.message);
      const bytes = Buffer.from(invited.result.code, 'base64url').toString('hex');
      expect(bytes).not.toContain(cast.talksId.replaceAll('-', ''));
      expect((await server.join(invited.result.code, 'Amira')).member.talksId).toBe(cast.talksId);
      // Found through the store after a restart too.
      const again = await cast.lead.command<{ code: string }>('member.invite', { role: 'delegate', partyId: cast.partyA });
      if (!again.ok) throw new Error(again.error.message);
      await server.restart();
      expect((await server.join(again.result.code, 'Bruno')).member.talksId).toBe(cast.talksId);
    } finally {
      await server.close();
    }
  });
});
