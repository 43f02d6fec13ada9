import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { environmentOf, interpolate, portsOf, readComposeFile, service } from './compose-file.js';
import { envOf, finalStage, parseDockerfile } from './dockerfile.js';

// Docker does not run on the CI machine: these tests hold docker-compose.yml to
// what a working deployment needs, and to what Parley's own config accepts.

const compose = readComposeFile('docker-compose.yml');
const db = service(compose, 'db');
const parley = service(compose, 'parley');
const parley2 = service(compose, 'parley-2');
const parleyNodes = [
  ['parley', parley],
  ['parley-2', parley2],
] as const;
const imageEnv = envOf(finalStage(parseDockerfile(readFileSync('Dockerfile', 'utf8'))));

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 16 with its data on a named volume', () => {
    expect(db.image).toMatch(/^postgres:16(\.|$|-)/);
    const dataMount = db.volumes?.find((volume) => volume.endsWith(':/var/lib/postgresql/data'));
    const volumeName = dataMount?.split(':')[0] ?? '';
    expect(Object.keys(compose.volumes ?? {})).toContain(volumeName);
  });

  it('creates the parley database and checks PostgreSQL with pg_isready', () => {
    expect(environmentOf(db).POSTGRES_DB).toBe('parley');
    expect(JSON.stringify(db.healthcheck?.test)).toContain('pg_isready');
  });

  it('takes the database password from the environment, with a default for a local try-out', () => {
    expect(db.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:-.+\}$/);
  });

  it.each(parleyNodes)(
    '%s stores events in the db service, with the credentials db is given',
    (_name, node) => {
      const shells: Record<string, string>[] = [{}, { POSTGRES_PASSWORD: 's3cret' }];
      for (const shell of shells) {
        const url = new URL(environmentOf(node, shell).DATABASE_URL ?? '');
        const dbEnv = environmentOf(db, shell);
        expect(url.protocol).toBe('postgres:');
        expect(url.hostname).toBe('db');
        expect(url.port).toBe('5432');
        expect(url.pathname).toBe(`/${dbEnv.POSTGRES_DB}`);
        expect(url.username).toBe(dbEnv.POSTGRES_USER);
        expect(decodeURIComponent(url.password)).toBe(dbEnv.POSTGRES_PASSWORD);
      }
    },
  );

  it.each(parleyNodes)('%s is built from the Dockerfile in this repository', (_name, node) => {
    expect(node.build).toBe('.');
  });

  it.each(parleyNodes)('%s starts only once PostgreSQL is healthy', (_name, node) => {
    expect(node.depends_on?.db?.condition).toBe('service_healthy');
  });

  it.each(parleyNodes)('%s keeps its data folder (signing keys) on a named volume', (_name, node) => {
    const dataMount = node.volumes?.find((volume) => volume.endsWith(`:${imageEnv.PARLEY_DATA_DIR}`));
    expect(dataMount).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(dataMount?.split(':')[0]);
  });

  it.each(parleyNodes)('[FLT3] %s is liveness-checked on GET /health/live (not /health) and restarted when it stops', (_name, node) => {
    // A database outage makes /health 503; a container check on it would restart healthy nodes in a loop.
    expect(JSON.stringify(node.healthcheck?.test)).toContain('/health/live');
    expect(node.restart).toMatch(/^(always|unless-stopped|on-failure)/);
  });

  it.each(parleyNodes)('%s passes Parley the variables operators set', (_name, node) => {
    expect(Object.keys(node.environment ?? {})).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'PARLEY_PUBLIC_URL',
        'PARLEY_ALLOWED_ORIGINS',
        'PARLEY_SIGNING_KEY',
      ]),
    );
  });

  it('restarts the database when it stops', () => {
    expect(db.restart).toMatch(/^(always|unless-stopped|on-failure)/);
  });

  it('publishes the first node on port 3000 and keeps the database unpublished', () => {
    expect(portsOf(parley)).toEqual([{ host: 3000, container: Number(imageEnv.PORT) }]);
    expect(db.ports).toBeUndefined();
  });

  it('starts the second node only under the multi-node profile, on another host port', () => {
    expect(parley.profiles).toBeUndefined();
    expect(db.profiles).toBeUndefined();
    expect(parley2.profiles).toEqual(['multi-node']);
    const [first] = portsOf(parley);
    const [second] = portsOf(parley2);
    expect(second?.container).toBe(first?.container);
    expect(second?.host).not.toBe(first?.host);
  });

  it('gives both nodes the same store, PostgreSQL fan-out and signing key', () => {
    const shell = { PARLEY_SIGNING_KEY: '{"kty":"OKP"}', POSTGRES_PASSWORD: 'x' };
    expect(environmentOf(parley2, shell)).toEqual(environmentOf(parley, shell));
    expect(environmentOf(parley).PARLEY_FANOUT).toBe('postgres');
    expect(parley2.volumes).toEqual(parley.volumes);
  });

  it('starts the second node after the first is healthy, so both read one signing key', () => {
    expect(parley2.depends_on?.parley?.condition).toBe('service_healthy');
  });

  it.each(parleyNodes)(
    "%s's environment, on top of the image's, is accepted by Parley's config",
    (_name, node) => {
      const config = loadConfig({ ...imageEnv, ...environmentOf(node) });
      expect(config).toMatchObject({
        store: 'postgres',
        fanout: 'postgres',
        host: '0.0.0.0',
        port: 3000,
        dataDir: '/data',
        signingKey: undefined,
      });
    },
  );

  it('resolves Compose defaults and shell values the way Compose does', () => {
    expect(interpolate('a${X:-b}c')).toBe('abc');
    expect(interpolate('a${X:-b}c', { X: 'y' })).toBe('ayc');
    expect(interpolate('a${X:-b}c', { X: '' })).toBe('abc');
    expect(interpolate('${X}$$')).toBe('$');
  });
});
