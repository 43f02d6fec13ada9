import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUNDLE_DIR } from '../../scripts/bundle-server.js';
import { envOf, execForm, finalStage, instructions, parseDockerfile } from './dockerfile.js';

// Docker does not run on the CI machine: these tests hold the Dockerfile to the
// shape a safe, working image needs, and to the paths the build really emits.

const stages = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
const runtime = finalStage(stages);
const builder = stages.find((stage) => stage !== runtime && stage.name !== undefined);
const packageJson = z
  .object({ scripts: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync('package.json', 'utf8')));
const buildTsconfig = z
  .object({ compilerOptions: z.object({ outDir: z.string(), rootDir: z.string() }) })
  .parse(JSON.parse(readFileSync('tsconfig.build.json', 'utf8')));
const dockerignore = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

const runCommands = (stage: typeof runtime): string =>
  instructions(stage, 'RUN')
    .map((i) => i.args)
    .join('\n');

describe('Dockerfile', () => {
  it('builds in a named builder stage and ships a separate runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(builder).toBeDefined();
  });

  it('builds and runs on the same Node 22 Debian base, so the compiled SQLite addon loads', () => {
    expect(builder?.base).toMatch(/^node:22-bookworm/);
    expect(runtime.base).toBe(builder?.base);
  });

  it('gives the builder a C++ toolchain and builds, then drops the dev dependencies', () => {
    const commands = builder === undefined ? '' : runCommands(builder);
    for (const tool of ['python3', 'make', 'g++']) expect(commands).toContain(tool);
    expect(commands).toMatch(/npm ci/);
    expect(commands).toMatch(/npm run build/);
    expect(commands).toMatch(/npm prune --omit=dev/);
  });

  it('copies only the built code, production modules and package.json into the runtime image', () => {
    const copies = instructions(runtime, 'COPY').map((i) => i.args);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) expect(copy).toContain(`--from=${builder?.name}`);
    const sources = copies.map((copy) => copy.split(/\s+/).filter((word) => !word.startsWith('--'))[0]);
    expect(sources.sort()).toEqual(['/app/dist', '/app/node_modules', '/app/package.json']);
  });

  it('runs as the unprivileged node user', () => {
    const users = instructions(runtime, 'USER').map((i) => i.args);
    expect(users.at(-1)).toBe('node');
  });

  it('listens on every interface of the container, on the exposed port, with data in a volume', () => {
    const env = envOf(runtime);
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.PARLEY_DATA_DIR).toBe('/data');
    expect(instructions(runtime, 'VOLUME').map((i) => i.args)).toContain(env.PARLEY_DATA_DIR);
    expect(instructions(runtime, 'EXPOSE').map((i) => i.args)).toContain(env.PORT ?? '3000');
  });

  it('[FLT3] checks its own liveness on GET /health/live without tools the slim image lacks', () => {
    const [healthcheck] = instructions(runtime, 'HEALTHCHECK');
    const command = execForm(healthcheck?.args.replace(/^(--\S+\s+)*CMD\s+/, '') ?? '');
    expect(command?.[0]).toBe('node');
    expect(command?.join(' ')).toContain('/health/live');
  });

  it("starts the file that package.json's start script runs", () => {
    const startTarget = /node\s+(\S+\.js)\s*$/.exec(packageJson.scripts.start ?? '')?.[1];
    expect(startTarget).toBeDefined();
    const [cmd] = instructions(runtime, 'CMD');
    expect(execForm(cmd?.args ?? '')).toEqual(['node', startTarget]);
  });

  it('starts the bundle build:server writes, beside the command line tsc emits', () => {
    const { outDir, rootDir } = buildTsconfig.compilerOptions;
    expect(rootDir).toBe('.');
    expect(packageJson.scripts['build:server']).toContain('scripts/bundle-server.ts');
    const [cmd] = instructions(runtime, 'CMD');
    expect(execForm(cmd?.args ?? '')?.[1]).toBe(relative(process.cwd(), join(BUNDLE_DIR, 'main.js')));
    expect(relative(process.cwd(), BUNDLE_DIR).startsWith(`${outDir}/`)).toBe(true);
  });

  it('keeps local stores, keys, host-built modules and git history out of the build context', () => {
    expect(dockerignore).toEqual(expect.arrayContaining(['node_modules', 'data', 'dist', '.git', '.env']));
  });
});
