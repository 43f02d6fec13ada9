import { readFile } from 'node:fs/promises';

// Where the time goes: reads a V8 .cpuprofile (from `node --cpu-prof`, which
// `npm run bench -- --cpu-prof` passes to every target) and prints the share of
// samples spent in each area (a package, a folder of Parley, Node internals,
// garbage collection) and the functions with the most self time.
//
//   node --import tsx/esm bench/cpu-profile.ts bench/results/profiles/<file>.cpuprofile [top]

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Which part of the system a frame belongs to. */
function areaOf(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return 'V8/native (program)';
  if (url === '') return `native: ${name || '(anonymous)'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm: ${pkg[1]}`;
  const ours = /\/(server\/src\/[^/]+|shared\/src|bench)\//.exec(url);
  if (ours) return ours[1] ?? url;
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  return url;
}

interface Breakdown {
  totalMs: number;
  busyMs: number;
  areas: { area: string; ms: number; pct: number }[];
  functions: { fn: string; area: string; ms: number; pct: number }[];
}

function breakdown(profile: CpuProfile, top = 25): Breakdown {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byArea = new Map<string, number>();
  const byFn = new Map<string, { area: string; us: number }>();
  let idleUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    if (area === 'idle') {
      idleUs += us;
      continue;
    }
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|server|shared|bench)\//, '$1/')}:${lineNumber + 1}`;
    const entry = byFn.get(key) ?? { area, us: 0 };
    entry.us += us;
    byFn.set(key, entry);
  }
  const totalUs = profile.endTime - profile.startTime;
  const busyUs = totalUs - idleUs;
  const pct = (us: number) => Math.round((us / busyUs) * 1000) / 10;
  return {
    totalMs: Math.round(totalUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    areas: [...byArea].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, ms: Math.round(us / 1000), pct: pct(us) })),
    functions: [...byFn]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([fn, { area, us }]) => ({ fn, area, ms: Math.round(us / 1000), pct: pct(us) })),
  };
}

async function main(): Promise<void> {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench/cpu-profile.ts <file.cpuprofile> [top]');
  const result = breakdown(JSON.parse(await readFile(file, 'utf8')) as CpuProfile, Number(topArg ?? 25));
  process.stdout.write(`busy ${result.busyMs} ms of ${result.totalMs} ms\n\nby area (% of busy time):\n`);
  for (const { area, ms, pct } of result.areas.slice(0, 20)) process.stdout.write(`  ${String(pct).padStart(5)}%  ${String(ms).padStart(6)} ms  ${area}\n`);
  process.stdout.write('\nfunctions by self time:\n');
  for (const { fn, ms, pct } of result.functions) process.stdout.write(`  ${String(pct).padStart(5)}%  ${String(ms).padStart(6)} ms  ${fn}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
