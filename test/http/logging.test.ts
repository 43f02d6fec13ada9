import { afterEach, describe, expect, it } from 'vitest';
import type { SessionGrant } from '../../shared/src/index.js';
import { buildEdge, jsonOf, type Edge } from './fixture.js';

describe('request logs', () => {
  let edge: Edge;

  afterEach(async () => {
    await edge.app.close();
  });

  it('carry ids, status and timing, and never the invite code, tokens or display name', async () => {
    edge = await buildEdge();
    const code = edge.book.invite();
    const displayName = 'Amira Haddad-Unique-Name';

    const redeemed = await edge.app.inject({
      method: 'POST',
      url: '/api/invites/redeem',
      payload: { code, displayName },
    });
    const grant = jsonOf(redeemed) as SessionGrant;
    await edge.app.inject({ method: 'POST', url: '/api/invites/redeem', payload: { code, displayName } });
    await edge.app.inject({
      method: 'POST',
      url: '/api/session/refresh',
      payload: { refreshToken: grant.refreshToken },
    });
    await edge.app.inject({ method: 'GET', url: `/join?code=${code}` });
    await edge.app.inject({
      method: 'GET',
      url: '/api/nothing',
      headers: { authorization: `Bearer ${grant.token}` },
    });

    const lines = edge.logLines();
    const text = lines.join('\n');
    expect(text).not.toContain(code);
    expect(text).not.toContain(displayName);
    expect(text).not.toContain(grant.token);
    expect(text).not.toContain(grant.refreshToken);

    const completed = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => 'responseTime' in entry);
    expect(completed.length).toBeGreaterThanOrEqual(5);
    for (const entry of completed) {
      expect(entry).toMatchObject({
        reqId: expect.any(String) as string,
        res: { statusCode: expect.any(Number) as number },
      });
    }
  });

  it('name the error code of a refused request, and the fault of a failed one without its details reaching the client', async () => {
    edge = await buildEdge({
      deps: {
        redeemInvite: () =>
          Promise.reject(Object.assign(new Error('disk full'), { detail: 'Key (code)=(abc)' })),
      },
    });

    await edge.app.inject({
      method: 'POST',
      url: '/api/invites/redeem',
      payload: { code: 'abc', displayName: 'A' },
    });
    await edge.app.inject({ method: 'GET', url: '/nothing' });

    const entries = edge.logLines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({
        code: 'INTERNAL',
        err: expect.objectContaining({ message: 'disk full' }) as unknown,
      }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ code: 'NOT_FOUND', msg: 'request refused' }));
    expect(edge.logLines().join('\n')).not.toContain('Key (code)');
  });
});
