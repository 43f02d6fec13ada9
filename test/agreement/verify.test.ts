import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalInputOfBundle, textHashOf, type AgreementBundle } from '../../shared/src/agreement.js';
import { runAgreementCli, runAgreementVerify } from '../../server/src/cli/agreement.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { agreedTalks, getAgreement } from './signed-talks.js';

// [SIG5] An agreement signed through a real server, exported over HTTP, verified offline
// by the command line's function; then one byte at a time changed, each change caught.

let server: TestServer;
let dir: string;
let bundle: AgreementBundle;

beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'parley-agreement-'));
  const signed = await agreedTalks(server);
  const answer = await getAgreement(server, signed.cast.talksId, signed.heads.B.grant.token);
  expect(answer.status).toBe(200);
  bundle = JSON.parse(answer.text) as AgreementBundle;
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Writes a (changed) copy of the bundle and runs `agreement verify` on it. */
async function verify(change: (copy: AgreementBundle) => void = () => {}) {
  const copy = structuredClone(bundle);
  change(copy);
  const file = join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(copy, null, 2));
  const lines: string[] = [];
  const code = await runAgreementVerify({ file, out: (line) => lines.push(line) });
  return { code, output: lines.join('\n') };
}

/** The same string with one character changed. */
const flip = (text: string, at = Math.floor(text.length / 2)): string =>
  `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;

const first = <T>(items: T[]): T => {
  const [item] = items;
  if (item === undefined) throw new Error('empty');
  return item;
};

describe('[SIG5] agreement verify, offline', () => {
  it('[SIG5] the bundle of a real server holds the agreed text in every language and both signatures', () => {
    expect(bundle).toMatchObject({
      format: 'parley-agreement/1',
      version: 2,
      authenticLanguage: 'en',
      concluded: true,
    });
    expect(bundle.texts).toHaveLength(3);
    expect(bundle.texts[2]?.texts).toEqual({
      en: 'Within 120 days.',
      uk: 'Протягом 120 днів.',
      ru: 'В течение 120 дней.',
    });
    expect(bundle.signatures.map((signature) => signature.jwk.kty)).toEqual(['EC', 'OKP']);
    expect(bundle.auditHead.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(bundle)).not.toMatch(/"seq"/);
  });

  it('[SIG5] an intact bundle verifies: exit 0, every party named', async () => {
    const { code, output } = await verify();
    expect(code).toBe(0);
    expect(output).toMatch(/agreement valid/);
    for (const party of bundle.parties) expect(output).toContain(`signed for ${party.name}`);
  });

  it('[SIG5] one changed character of text, in any language, fails', async () => {
    for (const language of ['en', 'uk', 'ru'] as const) {
      const { code, output } = await verify((copy) => {
        const clause = first(copy.texts);
        clause.texts[language] = flip(clause.texts[language], 3);
      });
      expect(code, language).toBe(1);
      expect(output).toMatch(/the text was changed/);
    }
  });

  it('[SIG5] a changed glossary, title, party name or authentic language fails', async () => {
    const changes: ((copy: AgreementBundle) => void)[] = [
      (copy) => (first(copy.glossary).definition.en += '.'),
      (copy) => (copy.title += ' '),
      (copy) => (first(copy.parties).name = 'Someone else'),
      (copy) => (copy.authenticLanguage = 'ru'),
    ];
    for (const change of changes) expect((await verify(change)).code).toBe(1);
  });

  it('[SIG5] a changed signature fails, naming the party', async () => {
    const { code, output } = await verify((copy) => {
      const signature = first(copy.signatures);
      signature.jws = flip(signature.jws, signature.jws.length - 10);
    });
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`signature of ${first(bundle.parties).name} does not verify`));
  });

  it('[SIG5] a changed key fails', async () => {
    const { code, output } = await verify((copy) => {
      const signature = first(copy.signatures);
      signature.jwk = { ...signature.jwk, x: flip(signature.jwk.x, 5) };
    });
    expect(code).toBe(1);
    expect(output).toMatch(/FAILED: the (key|signature) of/);
  });

  it('[SIG5] a signature moved to another party, a missing signature, or a changed text with its hash recomputed fails', async () => {
    const other = first(bundle.parties.slice(1)).id;
    expect((await verify((copy) => (first(copy.signatures).partyId = other))).code).toBe(1);
    const missing = await verify((copy) => copy.signatures.pop());
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/not signed by/);
    const changed = structuredClone(bundle);
    first(changed.texts).texts.en = 'The parties resume hostilities.';
    const rehash = await textHashOf(canonicalInputOfBundle(changed));
    const rehashed = await verify((copy) => {
      first(copy.texts).texts.en = 'The parties resume hostilities.';
      copy.textHash = rehash;
    });
    expect(rehashed.code).toBe(1);
    expect(rehashed.output).toMatch(/signs another talks, version, text or party/);
  });

  it('[SIG5] a file that is no bundle fails; the command routes `agreement verify FILE` only', async () => {
    const file = join(dir, 'garbage.json');
    await writeFile(file, '{"format":"something else"}');
    const lines: string[] = [];
    expect(await runAgreementVerify({ file, out: (line) => lines.push(line) })).toBe(1);
    expect(lines.join('\n')).toMatch(/not a Parley agreement bundle/);
    expect(await runAgreementVerify({ file: join(dir, 'absent.json'), out: () => {} })).toBe(1);
    expect(
      await runAgreementCli(
        'verify',
        [],
        () => {},
        () => {},
      ),
    ).toBe(2);
    expect(
      await runAgreementCli(
        'sign',
        [file],
        () => {},
        () => {},
      ),
    ).toBe(2);
  });
});
