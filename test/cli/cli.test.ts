import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = ['--import', 'tsx/esm', 'server/src/cli.ts'];
let dataDir: string;
const env = () => ({ ...process.env, PARLEY_DATA_DIR: dataDir, PARLEY_PUBLIC_URL: 'https://parley.example' });

async function parley(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], { env: env() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run parley', () => {
  let talksId = '';

  it('[TK1] talks create --json prints the talks, its parties and the lead mediator invite', async () => {
    const { code, stdout } = await parley('talks', 'create', '--title', 'Water talks', '--party', 'Northland', '--party', 'Southland', '--observer-cap', '3', '--json');
    expect(code).toBe(0);
    const created = JSON.parse(stdout) as { talksId: string; parties: { id: string; name: string }[]; invite: { code: string; url: string } };
    expect(created.parties.map((party) => party.name)).toEqual(['Northland', 'Southland']);
    expect(created.invite.url).toBe(`https://parley.example/join?code=${created.invite.code}`);
    talksId = created.talksId;
  });

  it('refuses a talks with one party, with a readable message and exit code 1', async () => {
    const { code, stderr } = await parley('talks', 'create', '--title', 'Solo', '--party', 'Alone');
    expect(code).toBe(1);
    expect(stderr).toContain('INVALID_INPUT');
  });

  it('[AUD1] audit verify passes on an untouched store', async () => {
    const { code, stdout } = await parley('audit', 'verify', '--talks', talksId);
    expect(code).toBe(0);
    expect(stdout).toMatch(/intact/);
  });

  it('[AUD2] audit export writes a file that verifies offline, and fails once a byte is changed', async () => {
    const file = join(dataDir, 'audit.json');
    expect((await parley('audit', 'export', '--talks', talksId, '--out', file)).code).toBe(0);
    expect((await parley('audit', 'verify', '--file', file)).code).toBe(0);
    const text = await readFile(file, 'utf8');
    const tampered = join(dataDir, 'tampered.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(tampered, text.replace('Southland', 'Southlanx')));
    const { code, stdout, stderr } = await parley('audit', 'verify', '--file', tampered);
    expect(code).toBe(1);
    expect(stdout + stderr).toMatch(/seq 1/);
  });

  it('[AUD1] audit verify fails naming the entry after one stored byte changes', async () => {
    const db = new Database(join(dataDir, 'parley.db'));
    db.prepare("UPDATE events SET body = replace(body, 'Northland', 'Northlanx') WHERE talks_id = ? AND seq = 1").run(talksId);
    db.close();
    const { code, stdout, stderr } = await parley('audit', 'verify', '--talks', talksId);
    expect(code).toBe(1);
    expect(stdout + stderr).toMatch(/seq 1/);
  });

  it('explains its usage for an unknown command', async () => {
    const { code, stderr } = await parley('talks', 'destroy');
    expect(code).toBe(2);
    expect(stderr).toContain('Usage');
  });
});

describe('npm start (main)', () => {
  it('[TK2] serves /health, prints the first-start lead mediator link, and stops cleanly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-main-'));
    const child = spawn(process.execPath, ['--import', 'tsx/esm', 'server/src/main.ts'], {
      env: { ...process.env, PARLEY_DATA_DIR: dir, PORT: '0', PARLEY_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no first-start link in:\n${output}`)), 30_000);
      child.stdout.on('data', () => {
        if (/join\?code=/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const address = /listening on (http:\/\/[^\s]+) /.exec(output)?.[1];
    const health = await fetch(`${address}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });
});
