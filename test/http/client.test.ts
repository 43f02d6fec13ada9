import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerClient } from '../../server/src/http/client.js';
import { buildEdge, jsonOf, type Edge } from './fixture.js';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';

describe('serving the built client', () => {
  let edge: Edge | undefined;
  let clientDir: string;

  beforeEach(async () => {
    clientDir = await mkdtemp(join(tmpdir(), 'parley-client-'));
  });

  afterEach(async () => {
    await edge?.app.close();
    await rm(clientDir, { recursive: true, force: true });
  });

  async function buildWithClient(): Promise<Edge> {
    edge = await buildEdge({ routes: (app) => registerClient(app, clientDir) });
    return edge;
  }

  async function writeBuild(): Promise<void> {
    await mkdir(join(clientDir, 'assets'));
    await writeFile(join(clientDir, 'index.html'), INDEX);
    await writeFile(join(clientDir, 'assets', 'index-abc123.js'), 'console.log("parley");');
  }

  it('serves index.html at / and for client routes such as /join?code=...', async () => {
    await writeBuild();
    const { app } = await buildWithClient();

    for (const url of ['/', '/join?code=abc', '/talks/123/room']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.body).toBe(INDEX);
    }
  });

  it('serves hashed assets with a long cache lifetime', async () => {
    await writeBuild();
    const { app } = await buildWithClient();

    const response = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers the JSON NOT_FOUND body for a missing asset and for unknown API routes, never the page', async () => {
    await writeBuild();
    const { app } = await buildWithClient();

    for (const url of ['/assets/missing.js', '/api/nothing', '/socket.io/nothing']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(jsonOf(response)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('says how to build the client when it is not built', async () => {
    const { app } = await buildWithClient();

    const response = await app.inject({ method: 'GET', url: '/' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain('npm run build');
  });
});
