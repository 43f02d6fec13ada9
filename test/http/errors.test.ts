import { afterEach, describe, expect, it } from 'vitest';
import { FIXED_MESSAGES, LIMITS } from '../../shared/src/index.js';
import { buildEdge, jsonOf, type Edge } from './fixture.js';

describe('HTTP error bodies', () => {
  let edge: Edge;

  afterEach(async () => {
    await edge.app.close();
  });

  it('an unknown route answers 404 with the NOT_FOUND body', async () => {
    edge = await buildEdge();

    const response = await edge.app.inject({ method: 'GET', url: '/api/talks/nothing-here' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(jsonOf(response)).toEqual({ error: { code: 'NOT_FOUND', message: FIXED_MESSAGES.NOT_FOUND } });
  });

  it('a body over 64 KiB is refused as PAYLOAD_TOO_LARGE before it is parsed', async () => {
    edge = await buildEdge();
    const payload = JSON.stringify({ code: 'x', displayName: 'y'.repeat(LIMITS.maxMessageBytes) });

    const response = await edge.app.inject({
      method: 'POST',
      url: '/api/invites/redeem',
      headers: { 'content-type': 'application/json' },
      payload,
    });

    expect(response.statusCode).toBe(413);
    expect(jsonOf(response)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('malformed JSON is INVALID_INPUT and the parser message (which quotes the body) is not passed on', async () => {
    edge = await buildEdge();

    const response = await edge.app.inject({
      method: 'POST',
      url: '/api/invites/redeem',
      headers: { 'content-type': 'application/json' },
      payload: '{"code": "secret-code-123", ',
    });

    expect(response.statusCode).toBe(400);
    expect(jsonOf(response)).toEqual({
      error: { code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' },
    });
  });

  it('a body that is not JSON is INVALID_INPUT', async () => {
    edge = await buildEdge();

    const response = await edge.app.inject({
      method: 'POST',
      url: '/api/invites/redeem',
      headers: { 'content-type': 'text/plain' },
      payload: 'code=abc',
    });

    expect(jsonOf(response)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('a request with no body at all is INVALID_INPUT', async () => {
    edge = await buildEdge();

    const response = await edge.app.inject({ method: 'POST', url: '/api/session/refresh' });

    expect(response.statusCode).toBe(400);
    expect(jsonOf(response)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('an unexpected failure answers INTERNAL with the fixed message, never the internal one', async () => {
    edge = await buildEdge({
      deps: {
        redeemInvite: () => Promise.reject(new Error('relation "invites" does not exist at /srv/db.ts:12')),
      },
    });

    const response = await edge.app.inject({
      method: 'POST',
      url: '/api/invites/redeem',
      payload: { code: 'abc', displayName: 'Amira' },
    });

    expect(response.statusCode).toBe(500);
    expect(response.body).toBe(
      JSON.stringify({ error: { code: 'INTERNAL', message: FIXED_MESSAGES.INTERNAL } }),
    );
  });
});
