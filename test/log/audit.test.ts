import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TalksId } from '../../shared/src/index.js';
import type { EventLog } from '../../server/src/log/event-log.js';
import {
  AUDIT_FORMAT,
  exportAudit,
  verifyAuditExport,
  type AuditExport,
} from '../../server/src/log/audit.js';
import { runAuditExport, runAuditVerify } from '../../server/src/cli/audit.js';
import { SqliteEventLog } from '../../server/src/storage/sqlite/sqlite-event-log.js';
import { newEvent, newTalksId } from './new-event.js';

describe('[AUD2] audit verify and export', () => {
  let dataDir: string;
  let log: EventLog;
  let talksId: TalksId;
  let lines: string[];
  const out = (line: string) => void lines.push(line);

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-audit-'));
    log = await SqliteEventLog.open({ dataDir });
    talksId = newTalksId();
    lines = [];
    await log.append({ talksId, expectedSeq: 0, events: [newEvent('gallery'), newEvent('room:p1')] });
    await log.append({ talksId, expectedSeq: 2, events: [newEvent('mediation')] });
  });
  afterEach(async () => {
    await log.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const exportFile = async (): Promise<string> => {
    const file = join(dataDir, 'audit.json');
    expect(await runAuditExport({ log, talksId, outFile: file, out })).toBe(0);
    return file;
  };

  it('prints the length and head of an intact chain and exits 0', async () => {
    const head = await log.head(talksId);
    expect(await runAuditVerify({ log, talksId, out })).toBe(0);
    expect(lines).toEqual([`chain intact: 3 events, head ${head.hash}`]);
  });

  it('exits 1 for a talks with no events', async () => {
    expect(await runAuditVerify({ log, talksId: newTalksId(), out })).toBe(1);
    expect(lines[0]).toMatch(/^no events for talks /);
  });

  it('exports every raw entry with the recorded head', async () => {
    const exported = await exportAudit(log, talksId, new Date('2025-02-01T00:00:00Z'));
    expect(exported).toMatchObject({
      format: AUDIT_FORMAT,
      talksId,
      exportedAt: '2025-02-01T00:00:00.000Z',
      head: await log.head(talksId),
    });
    expect(exported.entries).toEqual(await log.readEntries(talksId, 0, 10));
  });

  it('verifies an exported file offline', async () => {
    const file = await exportFile();
    const parsed = JSON.parse(await readFile(file, 'utf8')) as AuditExport;
    expect(verifyAuditExport(parsed)).toMatchObject({ ok: true, count: 3 });
    expect(await runAuditVerify({ file, out })).toBe(0);
    expect(lines.at(-1)).toMatch(/^chain intact: 3 events, head [0-9a-f]{64}$/);
  });

  it('names the first bad entry of an edited export file and exits 1', async () => {
    const file = await exportFile();
    const parsed = JSON.parse(await readFile(file, 'utf8')) as AuditExport;
    parsed.entries[1]!.body = parsed.entries[1]!.body.replace('said', 'Said');
    await writeFile(file, JSON.stringify(parsed));
    expect(await runAuditVerify({ file, out })).toBe(1);
    expect(lines.at(-1)).toBe('chain broken at seq 2: hash does not match the stored body');
  });

  it('catches an export whose last entry was cut off', async () => {
    const exported = await exportAudit(log, talksId);
    exported.entries.pop();
    expect(verifyAuditExport(exported)).toMatchObject({ ok: false, seq: 3 });
  });

  it('refuses a file that is not an audit export', async () => {
    const file = join(dataDir, 'other.json');
    await writeFile(file, JSON.stringify({ format: 'something-else' }));
    expect(await runAuditVerify({ file, out })).toBe(1);
    expect(lines.at(-1)).toBe(`not an audit export: not a ${AUDIT_FORMAT} file`);
    expect(await runAuditVerify({ file: join(dataDir, 'missing.json'), out })).toBe(1);
    expect(lines.at(-1)).toMatch(/^cannot read /);
  });
});
