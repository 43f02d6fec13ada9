import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyTalksChain } from '../../server/src/log/audit.js';
import { SqliteEventLog } from '../../server/src/storage/sqlite/sqlite-event-log.js';
import { newEvent, newTalksId } from '../log/new-event.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the SQLite writer thread', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-writer-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('rejects the appends a crashed writer held with INTERNAL, and starts a new writer for the next append', async () => {
    const log = await SqliteEventLog.open({ dataDir });
    const talks = Array.from({ length: 300 }, () => newTalksId());
    const held = talks.map((talksId) =>
      log.append({ talksId, expectedSeq: 0, events: [newEvent('joint', 'x'.repeat(2_000))] }),
    );
    // One turn later the appends are in the thread's hands (the log sends them on the next turn).
    await new Promise((resolve) => setImmediate(resolve));
    await log.crashWriter();
    const settled = await Promise.allSettled(held);
    const rejected = settled.filter((result) => result.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const { reason } of rejected) expect(reason).toMatchObject({ code: 'INTERNAL' });

    const after = newTalksId();
    expect(await log.append({ talksId: after, expectedSeq: 0, events: [newEvent('joint')] })).toMatchObject({
      kind: 'appended',
    });
    // Whatever the crash cut off, it cut off whole appends: every chain holds.
    for (const talksId of [...talks, after]) {
      expect(await verifyTalksChain(log, talksId)).not.toMatchObject({ ok: false });
    }
    await log.close();
  });

  it('refuses an append that cannot be handed to the writer without failing those made with it', async () => {
    const log = await SqliteEventLog.open({ dataDir });
    const [good, talksId] = [newTalksId(), newTalksId()];
    const broken = { ...newEvent('joint'), payload: { answer: () => 42 } };
    const [refused, kept] = await Promise.allSettled([
      log.append({ talksId, expectedSeq: 0, events: [broken] }),
      log.append({ talksId: good, expectedSeq: 0, events: [newEvent('joint')] }),
    ]);
    expect(refused).toMatchObject({ status: 'rejected', reason: { name: 'DataCloneError' } });
    expect(kept).toMatchObject({ status: 'fulfilled', value: { kind: 'appended' } });
    expect(await log.head(talksId)).toMatchObject({ seq: 0 });
    await log.close();
  });

  it('lets close() commit the appends already made before it stops the writer', async () => {
    const log = await SqliteEventLog.open({ dataDir });
    const talksId = newTalksId();
    const made = [0, 1, 2].map((expectedSeq) =>
      log.append({ talksId, expectedSeq, events: [newEvent('joint')] }),
    );
    await log.close();
    expect((await Promise.all(made)).map((outcome) => outcome.kind)).toEqual(['appended', 'appended', 'appended']);
    await expect(log.append({ talksId, expectedSeq: 3, events: [] })).rejects.toThrow(/closed/);
    const reopened = await SqliteEventLog.open({ dataDir });
    expect(await verifyTalksChain(reopened, talksId)).toMatchObject({ ok: true, count: 3 });
    await reopened.close();
  });

  it('runs from compiled JavaScript, as in dist/, with the worker file next to its module', async () => {
    const out = await mkdtemp(join(tmpdir(), 'parley-compiled-'));
    try {
      // What the log imports: the protocol types, the log, the stores, and DomainError.
      await compileInto(out, ['shared/src', 'server/src/log', 'server/src/storage', 'server/src/talks/domain-error.ts']);
      const probe = join(out, 'probe.js');
      await writeFile(
        probe,
        `import { openEventLog } from './server/src/storage/open-event-log.js';
         const log = await openEventLog({ dataDir: process.argv[2] });
         const outcome = await log.append({ talksId: 'compiled-talks', expectedSeq: 0, events: [${JSON.stringify(newEvent('joint'))}] });
         const read = await log.read('compiled-talks', 0);
         await log.close();
         console.log(JSON.stringify({ kind: outcome.kind, read: read.length, synchronous: log.store.synchronous() }));`,
      );
      const { stdout } = await promisify(execFile)(process.execPath, [probe, dataDir]);
      expect(JSON.parse(stdout)).toEqual({ kind: 'appended', read: 1, synchronous: 'FULL' });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

// The same JavaScript tsc emits for dist/ (without its type check, which CI runs separately).
const compileInto = async (out: string, paths: string[]): Promise<void> => {
  await writeFile(join(out, 'package.json'), '{ "type": "module" }');
  await symlink(join(ROOT, 'node_modules'), join(out, 'node_modules'));
  for (const path of paths) {
    const files = path.endsWith('.ts') ? [join(ROOT, path)] : await typeScriptFiles(join(ROOT, path));
    for (const file of files) {
      const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true },
      });
      const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, outputText);
    }
  }
};

const typeScriptFiles = async (folder: string): Promise<string[]> =>
  (await readdir(folder, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
