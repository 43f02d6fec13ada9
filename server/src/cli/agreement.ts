// `parley agreement verify FILE`, as a function over a file name and a line writer,
// so cli.ts only routes to it and tests need no process.
import { readFile } from 'node:fs/promises';
import { verifyBundle } from '../agreement/verify-bundle.js';
import type { LineWriter } from './audit.js';

export interface AgreementVerifyOptions {
  file: string;
  out: LineWriter;
}

/** [SIG5] Exit code 0 when the bundle's text and every signature hold, 1 naming what failed. */
export async function runAgreementVerify({ file, out }: AgreementVerifyOptions): Promise<number> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    out(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const verdict = await verifyBundle(value);
  if (!verdict.ok) {
    for (const problem of verdict.problems) out(`FAILED: ${problem}`);
    return 1;
  }
  for (const fact of verdict.facts) out(fact);
  out('agreement valid: the text is intact and every party signed it');
  return 0;
}

/** Routes `agreement <action> ...`; 2 (usage) for anything else. */
export async function runAgreementCli(
  action: string | undefined,
  args: string[],
  out: LineWriter,
  err: LineWriter,
): Promise<number> {
  const [file, ...extra] = args;
  if (action === 'verify' && file !== undefined && !file.startsWith('-') && extra.length === 0) {
    return runAgreementVerify({ file, out });
  }
  err('Usage: npm run parley -- agreement verify FILE');
  return 2;
}
