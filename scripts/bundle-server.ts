import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// What `npm start` runs: the server bundled by esbuild into one file, plus one per
// worker thread beside it (each worker is started from a file next to the module that
// starts it). Loading ~400 modules one by one was most of a cold start; a bundle
// takes about a third off it. Left to Node, from node_modules: better-sqlite3 (a native
// addon), pg-native (an optional addon of pg that Parley does not use), and what only a
// PostgreSQL or several-node configuration loads (pg, redis and the Socket.IO adapters),
// so they load as they would unbundled, and only when configured.

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SERVER = join(REPO, 'server/src');
/** `dist/server/bundle`: as deep as `dist/server/src`, so `../../client/` finds `dist/client`. */
export const BUNDLE_DIR = join(REPO, 'dist/server/bundle');

const LOADED_FROM_NODE_MODULES = [
  'better-sqlite3',
  'pg-native',
  'pg',
  'redis',
  '@socket.io/postgres-adapter',
  '@socket.io/redis-adapter',
];

// Bundled CommonJS dependencies call require(): an ES module has to be given one.
const REQUIRE_SHIM =
  "import { createRequire as parleyCreateRequire } from 'node:module'; const require = parleyCreateRequire(import.meta.url);";

export async function bundleServer(outdir = BUNDLE_DIR): Promise<string> {
  const workers = (await readdir(SERVER, { recursive: true }))
    .filter((file) => file.endsWith('-worker.ts'))
    .map((file) => join(SERVER, file));
  const names = new Set(workers.map((file) => file.split('/').pop()));
  if (names.size !== workers.length)
    throw new Error('two worker files share a name: the bundle keeps them side by side');
  await build({
    entryPoints: [join(SERVER, 'main.ts'), ...workers],
    entryNames: '[name]',
    // Modules loaded only when configured (PostgreSQL, Redis, the cluster adapters) go to
    // chunks of their own, loaded on first use; chunks stay beside the entries so that a
    // worker file is found next to whichever chunk starts it.
    splitting: true,
    chunkNames: '[name]-[hash]',
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...LOADED_FROM_NODE_MODULES],
    banner: { js: REQUIRE_SHIM },
    sourcemap: true,
    logLevel: 'warning',
  });
  return join(outdir, 'main.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const main = await bundleServer();
  process.stdout.write(`server bundled: ${relative(process.cwd(), main)}\n`);
}
