import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cached, REPO_DIR, SEED_SOURCES } from './cache.js';
import { startChild } from './child.js';
import { profileOf } from './profile.js';
import { connectCasts, runAt } from './rate.js';
import type { Roster } from './roster.js';
import { issueTokens, ROSTER_FILE, seedStore } from './seed.js';
import { LOADGEN_CPU, startTarget, TARGETS, type TargetName } from './targets.js';

// Profiles one target's main thread over one open-loop run at a fixed rate, and
// prints its CPU split (all threads, main thread) per proposal:
//
//   node --import tsx/esm bench/profile-target.ts T3 200 [seconds]
//   node --import tsx/esm bench/cpu-profile.ts bench/results/profiles/T3-200.cpuprofile

const [name = 'T3', rateArg = '200', secondsArg = '10'] = process.argv.slice(2);
const spec = TARGETS[name as TargetName];
if (!spec) throw new Error(`unknown target ${name}: one of ${Object.keys(TARGETS).join(', ')}`);
const rate = Number(rateArg);
const profile = profileOf(['--quick']);

const seed = await cached(`seed-${profile.rateTalks}`, SEED_SOURCES, async (dir) => {
  await seedStore(dir, profile.rateTalks);
});
const roster = JSON.parse(await readFile(join(seed.dir, ROSTER_FILE), 'utf8')) as Roster;
const tokens = await issueTokens(seed.dir, roster);
const target = await startTarget(spec, { seedDir: seed.dir, tokens });
const loadgen = await startChild('loadgen.ts', [], { cpu: LOADGEN_CPU });
try {
  const driver = { loadgen, target, casts: await connectCasts(loadgen, target, roster.talks), profile };
  await runAt(driver, rate, 2_000);
  const path = join(REPO_DIR, 'bench', 'results', 'profiles', `${spec.name}-${rate}.cpuprofile`);
  await mkdir(join(path, '..'), { recursive: true });
  await target.startProfile();
  const run = await runAt(driver, rate, Number(secondsArg) * 1000);
  await target.stopProfile(path);
  const { proposal, missing } = run.result;
  process.stdout.write(
    `${spec.name} at ${rate}/s: p50 ${proposal.p50Ms} ms, p99 ${proposal.p99Ms} ms, missing ${missing}; ` +
      `server CPU ${run.serverCpuPct}% = ${run.serverCpuUsPerProposal} µs/proposal (main thread ${run.mainThreadUsPerProposal} µs); ` +
      `event-loop delay p99 ${run.loopDelay.p99Ms.toFixed(1)} ms, max ${run.loopDelay.maxMs.toFixed(1)} ms\n` +
      (run.store ? `durable append p50 ${run.store.append.p50Ms} ms, p99 ${run.store.append.p99Ms} ms; findCommand p99 ${run.store.findCommand.p99Ms} ms\n` : '') +
      `profile: ${path}\n`,
  );
} finally {
  await loadgen.stop();
  await target.stop();
}
