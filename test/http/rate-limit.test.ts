import { afterEach, describe, expect, it } from 'vitest';
import { buildEdge, jsonOf, type Edge } from './fixture.js';

const tight = { redeem: { max: 2, timeWindowMs: 60_000 }, refresh: { max: 2, timeWindowMs: 60_000 } };

describe('rate limits on the sign-in routes', () => {
  let edge: Edge;

  afterEach(async () => {
    await edge.app.close();
  });

  it('redeeming too often from one address is answered RATE_LIMITED with a Retry-After', async () => {
    edge = await buildEdge({ deps: { rateLimits: tight } });
    const attempt = () =>
      edge.app.inject({
        method: 'POST',
        url: '/api/invites/redeem',
        payload: { code: 'guess', displayName: 'A' },
      });

    const answers = [await attempt(), await attempt(), await attempt()];

    expect(answers.map((answer) => answer.statusCode)).toEqual([400, 400, 429]);
    expect(jsonOf(answers[2] ?? { body: '' })).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many attempts/) as string },
    });
    expect(answers[2]?.headers['retry-after']).toBeDefined();
  });

  it('refreshing too often is answered RATE_LIMITED, and other addresses are not affected', async () => {
    edge = await buildEdge({ deps: { rateLimits: tight } });
    const attempt = (remoteAddress: string) =>
      edge.app.inject({
        method: 'POST',
        url: '/api/session/refresh',
        payload: { refreshToken: 'x' },
        remoteAddress,
      });

    await attempt('10.0.0.1');
    await attempt('10.0.0.1');
    const limited = await attempt('10.0.0.1');
    const other = await attempt('10.0.0.2');

    expect(jsonOf(limited)).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(jsonOf(other)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('health and the key set are never rate limited', async () => {
    edge = await buildEdge({ deps: { rateLimits: tight } });

    const answers = await Promise.all(
      Array.from({ length: 5 }, () => edge.app.inject({ method: 'GET', url: '/health' })),
    );

    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
  });
});
