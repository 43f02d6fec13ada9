import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionGrant } from '../../shared/src/index.js';
import { openCast, startTestServer, type TestClient, type TestServer } from '../support/server.js';

// [ID6] refresh tokens rotate, a reused one revokes its family on every node and after a
// restart; [MB8] a re-entry link signs the same member in and ends the earlier sessions.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function refresh(refreshToken: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/api/session/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const closed = (client: TestClient) =>
  new Promise<void>((resolve) => {
    if (client.socket.disconnected) resolve();
    else client.socket.once('disconnect', () => resolve());
  });

describe('[ID6] refresh tokens rotate with reuse detection', () => {
  it('[ID6] each refresh answers a new refresh token; the used one, presented again, revokes the whole family', async () => {
    const cast = await openCast(server);
    const first = await cast.seat('delegate', cast.partyA, 'Amira');
    const renewed = await refresh(first.grant.refreshToken);
    expect(renewed.status).toBe(200);
    const second = renewed.body as unknown as SessionGrant;
    expect(second.refreshToken).not.toBe(first.grant.refreshToken);
    const onNewToken = await server.connect(second.token);

    // Someone replays the first refresh token: the family ends for everyone holding it.
    const replayed = await refresh(first.grant.refreshToken);
    expect(replayed.status).toBe(401);
    expect(replayed.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    await Promise.all([closed(first), closed(onNewToken)]);
    expect(onNewToken.closing.map((c) => c.code)).toContain('UNAUTHENTICATED');
    expect((await refresh(second.refreshToken)).status).toBe(401);
    await expect(server.connect(second.token)).rejects.toThrow('UNAUTHENTICATED');

    // The log says so with ids only, never a token.
    const warning = server.logLines.find((line) => line.includes('refresh token reused'));
    expect(warning).toBeDefined();
    expect(warning).toContain(first.grant.member.id);
    expect(warning).not.toContain(first.grant.refreshToken);
    expect(warning).not.toContain(second.refreshToken);

    // The same member's other sign-ins are untouched: the lead still works.
    expect((await cast.lead.command('talks.get')).ok).toBe(true);

    // The revocation is in the store: it holds after a restart.
    await server.restart();
    await expect(server.connect(second.token)).rejects.toThrow('UNAUTHENTICATED');
    expect((await refresh(second.refreshToken)).status).toBe(401);
  });
});

describe('[MB8] a re-entry link', () => {
  it('[MB8] signs the same member in again and ends every earlier session of theirs', async () => {
    const cast = await openCast(server);
    const before = await cast.seat('delegate', cast.partyA, 'Jean Moreau');
    const offered = await cast.lead.command<{ code: string; url: string }>('member.offerReentry', {
      memberId: before.grant.member.id,
    });
    if (!offered.ok) throw new Error(offered.error.message);
    expect(offered.result.url).toContain(offered.result.code);

    const again = await server.join(offered.result.code, 'Whatever');
    expect(again.member).toEqual(before.grant.member);
    await closed(before);
    await expect(server.connect(before.grant.token)).rejects.toThrow('UNAUTHENTICATED');
    expect((await refresh(before.grant.refreshToken)).status).toBe(401);
    const now = await server.connect(again.token);
    expect(now.socket.connected).toBe(true);

    const view = await cast.lead.command<{ members: { displayName: string }[] }>('talks.get');
    if (!view.ok) throw new Error(view.error.message);
    expect(view.result.members.filter((m) => m.displayName === 'Jean Moreau')).toHaveLength(1);
  });

  it('[MB9] a plain invite redeemed under an active member’s name is refused, pointing to re-entry', async () => {
    const cast = await openCast(server);
    await cast.seat('delegate', cast.partyA, 'Jean Moreau');
    const invited = await cast.lead.command<{ code: string }>('member.invite', { role: 'delegate', partyId: cast.partyA });
    if (!invited.ok) throw new Error(invited.error.message);
    const answer = await server.redeem(invited.result.code, 'jean moreau');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(answer.body)).toContain('re-entry link');
  });
});
