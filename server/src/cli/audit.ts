// `parley audit verify` and `parley audit export`, as functions over the port
// and a line writer, so cli.ts only parses arguments and tests need no process.
import { readFile } from 'node:fs/promises';
import type { TalksId } from '../../../shared/src/index.js';
import type { EventLog } from '../log/event-log.js';
import type { ChainVerdict } from '../log/hash-chain.js';
import { writeFileDurably } from '../files/durable-file.js';
import { exportAudit, verifyAuditExport, verifyTalksChain } from '../log/audit.js';

/** Writes one line of output. */
export type LineWriter = (line: string) => void;

export type AuditVerifyOptions =
  | { log: EventLog; talksId: TalksId; out: LineWriter }
  /** Verifies an exported file offline, with no database. */
  | { file: string; out: LineWriter };

/** Exit code 0 when the chain is intact, 1 (naming the first bad entry) when it is not. */
export const runAuditVerify = async (options: AuditVerifyOptions): Promise<number> => {
  if ('file' in options) {
    const parsed = await readJson(options.file);
    if (!parsed.ok) {
      options.out(`cannot read ${options.file}: ${parsed.reason}`);
      return 1;
    }
    return report(verifyAuditExport(parsed.value), options.out);
  }
  const { log, talksId, out } = options;
  if ((await log.head(talksId)).seq === 0) {
    out(`no events for talks ${talksId}`);
    return 1;
  }
  return report(await verifyTalksChain(log, talksId), out);
};

export interface AuditExportOptions {
  log: EventLog;
  talksId: TalksId;
  outFile: string;
  out?: LineWriter;
}

/** Writes the talks' raw entries and head to `outFile` (see docs/storage.md for the format). */
export const runAuditExport = async ({ log, talksId, outFile, out }: AuditExportOptions): Promise<number> => {
  const exported = await exportAudit(log, talksId);
  if (exported.head.seq === 0) {
    out?.(`no events for talks ${talksId}`);
    return 1;
  }
  // [FLT6] Complete or absent, never half-written; owner-only (it holds the talks' content).
  await writeFileDurably(outFile, `${JSON.stringify(exported, null, 2)}\n`);
  out?.(`exported ${exported.entries.length} events, head ${exported.head.hash}, to ${outFile}`);
  return 0;
};

const report = (verdict: ChainVerdict, out: LineWriter): number => {
  if (verdict.ok) {
    out(`chain intact: ${verdict.count} events, head ${verdict.head.hash}`);
    return 0;
  }
  // seq 0 is no entry at all: the file itself is not an audit export.
  out(
    verdict.seq === 0
      ? `not an audit export: ${verdict.reason}`
      : `chain broken at seq ${verdict.seq}: ${verdict.reason}`,
  );
  return 1;
};

const readJson = async (
  file: string,
): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> => {
  try {
    return { ok: true, value: JSON.parse(await readFile(file, 'utf8')) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
};
