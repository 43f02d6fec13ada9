import { isDeepStrictEqual } from 'node:util';
import { FIXED_MESSAGES } from '../../shared/src/index.js';
import { canariesIn } from '../support/canary.js';
import type { Leak } from './leak-check.js';

// [SIG4][LNG3] Judges one answer of the export routes against the rules: nothing exists
// before the package is agreed; then delegations and mediators read it; observers too once
// every party signed; anyone else (an outsider, an observer too early) hears NOT_FOUND worded
// as for a talks that has nothing agreed; a removed member's token is refused. What is read
// must be the agreed version in every language and nothing else: no canary of a comment, of
// a draft or of another version, no mark, no acceptance.

export interface ExportExpectation {
  recipient: string;
  expected: 'ok' | 'NOT_FOUND' | 'UNAUTHENTICATED';
  html: boolean;
  /** Every wording of the agreed version (clauses and glossary), when there is one. */
  texts: readonly string[];
  version: number | null;
  concluded: boolean;
  /** The parties that signed. */
  signed: readonly string[];
}

export interface ExportAnswer {
  status: number;
  type: string;
  body: string;
}

/** The documented fields of the bundle (docs/protocol.md §9.5): nothing else may be in it. */
const BUNDLE_FIELDS = [
  'format',
  'talksId',
  'title',
  'parties',
  'version',
  'authenticLanguage',
  'texts',
  'glossary',
  'textHash',
  'signatures',
  'concluded',
  'auditHead',
];
/** Names of what a party keeps to itself: none belongs in an export. */
const PRIVATE_NAMES = /"(canLiveWith|objects|marks|accepted|commentId|links|earlyConsents)"/;
const STATUS = { ok: 200, NOT_FOUND: 404, UNAUTHENTICATED: 401 } as const;

function parse(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function judgeExport(answer: ExportAnswer, expectation: ExportExpectation): Leak[] {
  const { recipient, expected, html } = expectation;
  const where = `the export${html ? ' (printable page)' : ''}`;
  const leaks: Leak[] = [];
  const leak = (what: string, why: string) =>
    leaks.push({ where, what, recipient, why, excerpt: answer.body.slice(0, 240) });
  if (answer.status !== STATUS[expected]) {
    leak(String(answer.status), `answered ${answer.status}, the rules say ${expected} (${STATUS[expected]})`);
  }
  const allowed = new Set(expectation.texts.flatMap((text) => canariesIn(text)));
  const found = new Set(canariesIn(answer.body));
  for (const canary of found) {
    if (answer.status !== 200 || !allowed.has(canary)) leak(canary, 'only the agreed text may be exported');
  }
  if (
    expected === 'NOT_FOUND' &&
    !isDeepStrictEqual(parse(answer.body), {
      error: { code: 'NOT_FOUND', message: FIXED_MESSAGES.NOT_FOUND },
    })
  ) {
    leak('the body', 'NOT_FOUND must read exactly as for a talks with nothing agreed');
  }
  if (answer.status !== 200 || expected !== 'ok') return leaks;
  for (const canary of allowed)
    if (!found.has(canary)) leak(canary, 'a wording of the agreed text is missing [LNG3]');
  if (PRIVATE_NAMES.test(answer.body))
    leak(PRIVATE_NAMES.exec(answer.body)?.[1] ?? '', 'a party’s private marks or comments are in it');
  if (html) {
    if (/<script/i.test(answer.body)) leak('<script', 'the printable page runs a script');
    return leaks;
  }
  const bundle = (parse(answer.body) ?? {}) as Record<string, unknown>;
  const extra = Object.keys(bundle).filter((key) => !BUNDLE_FIELDS.includes(key));
  if (extra.length > 0) leak(extra.join(', '), 'the bundle carries undocumented fields');
  if (bundle.version !== expectation.version)
    leak(String(bundle.version), `the bundle is not the agreed version ${expectation.version}`);
  if (bundle.concluded !== expectation.concluded)
    leak(String(bundle.concluded), `concluded should be ${expectation.concluded}`);
  const signers = Array.isArray(bundle.signatures)
    ? (bundle.signatures as { partyId?: unknown }[]).map((signature) => signature.partyId)
    : [];
  if (!isDeepStrictEqual(new Set(signers), new Set(expectation.signed)))
    leak(signers.join(', '), 'the signatures are not those made');
  return leaks;
}
