import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TYPES, ERROR_CODES, EVENT_TYPES, type TalksId } from '../../shared/src/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

// docs/protocol.md promises that a newcomer can run a full round by following it alone.
// These tests hold it to that: the example client it walks through really runs a round
// against a real server, and every command, event and error code has its section.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/full-round.mjs', import.meta.url));
const PROTOCOL_DOC = fileURLToPath(new URL('../../docs/protocol.md', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the example as a user would: a separate Node process, talking to the server over the network. */
function runExample(inviteCode: string, parleyUrl: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EXAMPLE, inviteCode], {
      cwd: ROOT,
      env: { ...process.env, PARLEY_URL: parleyUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('examples/full-round.mjs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('[CNV1][RSP1][SUM4] runs a full round against a real server and prints the published summary', async () => {
    const talks = await server.createTalks({ title: 'River talks', parties: ['Northland', 'Southland'] });
    const run = await runExample(talks.invite.code, server.url);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const stored = await server.log.read(talks.talksId as TalksId, 0, 1_000);
    const published = stored.find((event) => event.type === 'summary.published');
    const text = String(published?.payload.text);
    expect(text).toContain('Northland proposed 60/40');
    expect(run.stdout).toContain(`Published summary: "${text}"`);
    expect(stored.filter((event) => event.type === 'conveyance.delivered')).toHaveLength(2);
    expect(stored.filter((event) => event.type === 'summary.approved')).toHaveLength(2);
    expect(run.stdout).toContain('Done: a full round');
  });

  it('[MB6] accepts the whole invite link as well as the bare code', async () => {
    const talks = await server.createTalks({ parties: ['East', 'West'] });
    const run = await runExample(talks.invite.url, server.url);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Published summary: "');
  });

  it('[MB6] stops with exit code 1 and the INVITE_INVALID code when the invite was already used', async () => {
    const talks = await server.createTalks();
    await server.join(talks.invite.code, 'Someone else');
    const run = await runExample(talks.invite.code, server.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('INVITE_INVALID');
    expect(run.stdout).not.toContain('Published summary');
  });
});

describe('docs/protocol.md', () => {
  let doc = '';
  beforeAll(async () => {
    doc = await readFile(PROTOCOL_DOC, 'utf8');
  });

  /** The text of the section under a `### \`name\`` heading, up to the next heading. */
  const section = (name: string): string | undefined => {
    const heading = `### \`${name}\``;
    const start = doc.indexOf(`\n${heading}\n`);
    if (start < 0) return undefined;
    const rest = doc.slice(start + heading.length + 2);
    const next = rest.search(/\n#{1,3} /);
    return next < 0 ? rest : rest.slice(0, next);
  };

  it.each(COMMAND_TYPES)('documents the command %s in its own section, with a JSON example', (type) => {
    const text = section(type);
    expect(text, `no "### \`${type}\`" section`).toBeDefined();
    expect(text).toContain('```json');
  });

  it.each([...EVENT_TYPES])(
    'documents the event %s in its own section, with its audience and a JSON example',
    (type) => {
      const text = section(type);
      expect(text, `no "### \`${type}\`" section`).toBeDefined();
      expect(text).toMatch(/Audience/);
      expect(text).toContain('```json');
    },
  );

  it.each([...ERROR_CODES])('lists the error code %s in the error table', (code) => {
    expect(doc).toMatch(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`, 'm'));
  });

  it('walks through the same steps as the example client and tells how to run it', () => {
    expect(doc).toContain('examples/full-round.mjs');
    for (const step of ['/api/invites/redeem', '/api/session/refresh', '/.well-known/jwks.json', '/health']) {
      expect(doc).toContain(step);
    }
  });
});
