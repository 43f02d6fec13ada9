import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileDurably } from '../../server/src/files/durable-file.js';

describe('[FLT6] durable files', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-durable-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the whole file, owner-only, with no temporary file left behind', async () => {
    const path = join(dir, 'export.json');
    expect(await writeFileDurably(path, '{"a":1}\n')).toBe(true);

    expect(await readFile(path, 'utf8')).toBe('{"a":1}\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['export.json']);
  });

  it('replaces an existing file whole, and an exclusive write leaves it as it was', async () => {
    const path = join(dir, 'key.json');
    await writeFile(path, 'old');

    expect(await writeFileDurably(path, 'new')).toBe(true);
    expect(await writeFileDurably(path, 'other', { exclusive: true })).toBe(false);

    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['key.json']);
  });

  it('calls fsync on the file and on its folder before it answers', () => {
    // strace shows the calls a crash-safe write must make, in order; skipped where strace is absent.
    const probe = spawnSync('strace', ['-V']);
    if (probe.error) return;
    const script = `import { writeFileDurably } from ${JSON.stringify(join(process.cwd(), 'server/src/files/durable-file.ts'))};
      await writeFileDurably(${JSON.stringify(join(dir, 'traced.json'))}, 'x');`;
    const run = spawnSync('strace', ['-f', '-e', 'trace=fsync,fdatasync,rename,link,openat', process.execPath, '--import', 'tsx/esm', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const calls = run.stderr.split('\n').filter((line) => /fsync|rename\(|openat\(.*traced|openat\(.*parley-durable-[^/"]*", O_RDONLY/.test(line));
    const renameAt = calls.findIndex((line) => line.includes('rename('));
    expect(renameAt).toBeGreaterThan(0);
    expect(calls.slice(0, renameAt).some((line) => /fsync/.test(line))).toBe(true);
    expect(calls.slice(renameAt).some((line) => /fsync/.test(line))).toBe(true);
  });
});
