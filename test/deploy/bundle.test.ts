import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleServer } from '../../scripts/bundle-server.js';

// `npm start` and the Docker image run the bundled server, not the TypeScript the other
// tests load: this starts the real bundle on an empty store, as an operator would.

let root: string;
let mainJs: string;

beforeAll(async () => {
  // Inside the checkout, as dist/ is: the modules left out of the bundle come from node_modules.
  await mkdir('test-results', { recursive: true });
  root = await mkdtemp(join(process.cwd(), 'test-results', 'bundle-'));
  // As deep as dist/server/bundle, so the server looks for the client where it would.
  mainJs = await bundleServer(join(root, 'server', 'bundle'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Starts the bundle and resolves with what it printed once it names the first talks' link. */
function startBundle(
  env: Record<string, string>,
): Promise<{ output: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [mainJs], {
    env: { ...process.env, ...env, PARLEY_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/\/join\?code=\S+/.test(output)) {
        resolve({
          output,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) =>
      reject(new Error(`the bundle exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

describe('the bundled server', () => {
  it('starts on an empty SQLite store, opens a first talks, answers /health and stops cleanly', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const dataDir = join(root, 'data');
    const server = await startBundle({ PARLEY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
    try {
      expect(server.output).toContain('This is a new Parley');
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      // The invite was appended through the writer and checkpointer threads the bundle carries.
      const code = /\/join\?code=([\w-]+)/.exec(server.output)?.[1] ?? '';
      const redeemed = await fetch(`http://127.0.0.1:${port}/api/invites/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, displayName: 'Mara Lind' }),
      });
      expect(redeemed.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
