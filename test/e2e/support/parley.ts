import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { startTestServer, type TestServer } from '../../support/server.js';

// A real Parley server serving a fresh build of the web client, on a port
// chosen up front so the page's origin is the server's allowed origin.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ParleyUnderTest {
  server: TestServer;
  url: string;
  close(): Promise<void>;
}

export async function startParleyWithClient(): Promise<ParleyUnderTest> {
  // Built into a private folder, so a concurrent `npm run build` cannot interfere.
  const clientDir = await mkdtemp(join(tmpdir(), 'parley-client-'));
  // The test runner sets NODE_ENV=test; the browser must get what `npm run build` ships.
  const runnerEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(process.cwd(), 'client/vite.config.ts'),
      mode: 'production',
      logLevel: 'error',
      build: { outDir: clientDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = runnerEnv;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startTestServer({
    port,
    clientDir,
    env: { PORT: String(port), PARLEY_PUBLIC_URL: url },
  });
  return {
    server,
    url,
    close: async () => {
      await server.close();
      await rm(clientDir, { recursive: true, force: true });
    },
  };
}
