import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// bench/.cache holds what is slow to build and does not change between runs: the
// seeded talks and the large stores. A cache entry is keyed by a hash of the code
// that decides what is stored (storage, log, rules, shared types), so a change
// there rebuilds it instead of benchmarking a stale file format.

export const CACHE_DIR = fileURLToPath(new URL('./.cache/', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../', import.meta.url));

/** What shapes the stored bytes of any store: the schema, the adapters, the chain. */
export const STORE_SOURCES = ['server/src/storage', 'server/src/log', 'bench/synthetic.ts', 'bench/store-probe.ts'];
/** The seeded talks also depend on the rules that decide their events. */
export const SEED_SOURCES = [...STORE_SOURCES, 'server/src/talks', 'server/src/app', 'shared/src', 'bench/seed.ts'];

/** A short hash of every TypeScript file under these paths (relative to the repository). */
export async function sourcesHash(sources: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const source of sources) {
    const path = join(REPO_DIR, source);
    const files = source.endsWith('.ts') ? [path] : (await readdir(path, { recursive: true })).map((file) => join(path, file)).filter((file) => file.endsWith('.ts'));
    for (const file of files.sort()) hash.update(file).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * The cached folder `name`, built by `fill` if missing (into a scratch folder, renamed
 * when complete, so an interrupted build is never taken for a finished one). Entries
 * of the same name built from older sources are removed.
 */
export async function cached(name: string, sources: readonly string[], fill: (dir: string) => Promise<void>): Promise<{ dir: string; built: boolean }> {
  const dir = join(CACHE_DIR, `${name}-${await sourcesHash(sources)}`);
  if (existsSync(dir)) return { dir, built: false };
  await mkdir(CACHE_DIR, { recursive: true });
  for (const entry of await readdir(CACHE_DIR)) {
    if (entry.startsWith(`${name}-`)) await rm(join(CACHE_DIR, entry), { recursive: true, force: true });
  }
  const scratch = `${dir}.building`;
  await mkdir(scratch, { recursive: true });
  await fill(scratch);
  await rename(scratch, dir);
  return { dir, built: true };
}

/** A fresh working copy of a cached folder, so a run never writes into the cache. */
export async function workingCopy(from: string, name: string): Promise<string> {
  const dir = join(CACHE_DIR, 'work', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(CACHE_DIR, 'work'), { recursive: true });
  await cp(from, dir, { recursive: true });
  return dir;
}

export const scratchDir = (name: string): string => join(CACHE_DIR, 'work', name);

export async function clearWork(): Promise<void> {
  await rm(join(CACHE_DIR, 'work'), { recursive: true, force: true });
}
