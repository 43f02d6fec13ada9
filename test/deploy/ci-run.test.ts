import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// .ci/run is sourced here (its functions, not its main), with a stand-in `npm`
// on PATH, so its reporting can be checked without installing or testing anything.

const script = resolve('.ci/run');
const workdirs: string[] = [];

afterEach(() => {
  for (const dir of workdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-ci-'));
  workdirs.push(dir);
  return dir;
}

/** Runs a bash snippet after sourcing .ci/run, in `cwd`, with `bin` first on PATH. */
function bash(snippet: string, cwd: string, bin?: string) {
  const path = bin === undefined ? process.env.PATH : `${bin}:${process.env.PATH ?? ''}`;
  const result = spawnSync('bash', ['-c', `source ${JSON.stringify(script)}; ${snippet}`], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: path },
  });
  return { status: result.status, lines: result.stdout.trimEnd().split('\n') };
}

/** A stand-in npm whose `npm test` writes `report` (if given) and exits with `status`. */
function fakeNpm(report: object | undefined, status: number): string {
  const bin = workdir();
  const write =
    report === undefined
      ? ''
      : `mkdir -p test-results && printf '%s' '${JSON.stringify(report)}' > test-results/vitest.json`;
  writeFileSync(join(bin, 'npm'), `#!/usr/bin/env bash\n${write}\nexit ${status}\n`);
  chmodSync(join(bin, 'npm'), 0o755);
  return bin;
}

describe('.ci/run', () => {
  it('is an executable bash script with valid syntax', () => {
    expect(statSync(script).mode & 0o111).not.toBe(0);
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
  });

  it('runs the README test command, npm test, unchanged', () => {
    expect(readFileSync(script, 'utf8')).toMatch(/\bnpm test <\/dev\/null/);
  });

  it('ends with the passed and failed counts of a green run, and its exit code 0', () => {
    const run = bash('run_tests', workdir(), fakeNpm({ numPassedTests: 12, numFailedTests: 0 }, 0));
    expect(run.lines.at(-1)).toBe('12 passed, 0 failed');
    expect(run.status).toBe(0);
  });

  it("ends with the failed count and npm test's exit code when a test fails", () => {
    const report = { numPassedTests: 10, numFailedTests: 2, numFailedTestSuites: 1 };
    const run = bash('run_tests', workdir(), fakeNpm(report, 1));
    expect(run.lines.at(-1)).toBe('10 passed, 2 failed');
    expect(run.status).toBe(1);
  });

  it('counts a test file that failed to load as a failure even with no failed test', () => {
    const report = { numPassedTests: 10, numFailedTests: 0, numFailedTestSuites: 1 };
    const run = bash('run_tests', workdir(), fakeNpm(report, 1));
    expect(run.lines.at(-1)).toBe('10 passed, 1 failed');
    expect(run.status).toBe(1);
  });

  it('reports one failure when typecheck or lint stops npm test before Vitest, ignoring a stale report', () => {
    const cwd = workdir();
    mkdirSync(join(cwd, 'test-results'));
    writeFileSync(
      join(cwd, 'test-results/vitest.json'),
      JSON.stringify({ numPassedTests: 99, numFailedTests: 0 }),
    );
    const run = bash('run_tests', cwd, fakeNpm(undefined, 2));
    expect(run.lines.at(-1)).toBe('0 passed, 1 failed');
    expect(run.status).toBe(2);
  });

  it('fails a run that passed but wrote no JSON report', () => {
    const run = bash('run_tests', workdir(), fakeNpm(undefined, 0));
    expect(run.lines.at(-1)).toBe('0 passed, 1 failed');
    expect(run.status).toBe(1);
  });

  it('does nothing but define its functions when sourced', () => {
    const run = bash('type -t main run_tests ensure_postgres ensure_redis ensure_chromium', workdir());
    expect(run.lines).toEqual(['function', 'function', 'function', 'function', 'function']);
  });
});
