import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEventLog } from '../../server/src/storage/sqlite/sqlite-event-log.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('[ID10] the data directory and its files are the owner’s alone', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('[ID10] a new data directory is 0700, parley.db and its WAL and shared memory 0600, whatever the umask', async () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-modes-'));
    made.push(root);
    const dataDir = join(root, 'data');
    const previous = process.umask(0o022);
    try {
      const log = await SqliteEventLog.open({ dataDir });
      expect(modeOf(dataDir)).toBe(0o700);
      for (const name of ['parley.db', 'parley.db-wal', 'parley.db-shm']) expect(modeOf(join(dataDir, name)), name).toBe(0o600);
      await log.close();
    } finally {
      process.umask(previous);
    }
  });

  it('[ID10] looser modes found at start are tightened, and each change is reported', async () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-modes-'));
    made.push(root);
    const dataDir = join(root, 'data');
    await (await SqliteEventLog.open({ dataDir })).close();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'parley.db'), 0o644);
    const log = await SqliteEventLog.open({ dataDir });
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'parley.db'))).toBe(0o600);
    expect(log.tightened.join('\n')).toContain('parley.db: 644 -> 600');
    expect(log.tightened.join('\n')).toContain('755 -> 700');
    await log.close();
  });
});
