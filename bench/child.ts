import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Every target, the load generator and the store probes run in their own Node
// process, so each one's memory and CPU are its own. They talk to the
// orchestrator through the IPC channel with numbered calls and answers.

export interface Call {
  id: number;
  method: string;
  args: unknown;
}

export type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export interface ChildOptions {
  /** Pin to this CPU with taskset when taskset exists. */
  cpu?: number;
  env?: Record<string, string>;
  /** Extra Node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
}

export interface ChildHandle {
  readonly pid: number;
  call<T>(method: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop, then waits for it (killing it if it does not go). */
  stop(): Promise<void>;
  readonly process: ChildProcess;
}

export const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** The command and arguments that run `args` pinned to `cpu` (unpinned without taskset). */
export function pinnedCommand(cpu: number | undefined, args: string[]): [string, string[]] {
  if (HAS_TASKSET && cpu !== undefined && process.env.BENCH_NO_PIN === undefined) return ['taskset', ['-c', String(cpu), ...args]];
  const [command = process.execPath, ...rest] = args;
  return [command, rest];
}

export const benchFile = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/** Where each kind of child writes its stdout and stderr (git-ignored). */
export const LOG_DIR = fileURLToPath(new URL('./results/logs/', import.meta.url));

function openLog(entry: string, args: string[]): number {
  mkdirSync(LOG_DIR, { recursive: true });
  const path = join(LOG_DIR, `${entry.replace(/\.ts$/, '')}.log`);
  appendFileSync(path, `\n--- ${new Date().toISOString()} ${entry} ${args.join(' ')}\n`);
  return openSync(path, 'a');
}

/** Starts `bench/<entry>` under tsx and waits for its `ready` call-free hello. */
export async function startChild(entry: string, args: string[], options: ChildOptions = {}): Promise<ChildHandle> {
  const nodeArgs = ['--expose-gc', ...(options.nodeFlags ?? []), '--import', 'tsx/esm', benchFile(entry), ...args];
  const [command, commandArgs] = pinnedCommand(options.cpu, [process.execPath, ...nodeArgs]);
  const log = openLog(entry, args);
  const child = spawn(command, commandArgs, {
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, ...options.env },
  });
  closeSync(log);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${entry} exited (${code ?? 'signal'}) during a call`));
    pending.clear();
  });
  child.on('message', (message: Answer | { hello: true }) => {
    if ('hello' in message) return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`${entry}: ${message.error}`));
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code ?? 'signal'}) before it was ready: see ${LOG_DIR}`)));
  });
  const handle: ChildHandle = {
    pid: child.pid ?? -1,
    process: child,
    call: <T>(method: string, callArgs?: unknown, timeoutMs = 600_000) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${entry}.${method} timed out`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, method, args: callArgs } satisfies Call);
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ id: 0, method: 'exit', args: null } satisfies Call);
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
  return handle;
}

export type Handlers = Record<string, (args: never) => unknown>;

/**
 * In a child: answers the orchestrator's calls with these handlers, then says hello.
 * `exit` runs `onExit` and ends the process (a CPU profile is written on a normal exit).
 */
export function serveParent(handlers: Handlers, onExit: () => Promise<void> = () => Promise.resolve()): void {
  const send = (answer: Answer) => process.send?.(answer);
  process.on('message', (message: Call) => {
    if (message.method === 'exit') {
      void onExit().finally(() => process.exit(0));
      return;
    }
    const handler = handlers[message.method] as ((args: unknown) => unknown) | undefined;
    if (!handler) {
      send({ id: message.id, ok: false, error: `no method ${message.method}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.args))
      .then(
        (result) => send({ id: message.id, ok: true, result }),
        (error: unknown) => send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  process.send?.({ hello: true });
  // The orchestrator going away (crash, Ctrl-C) must not leave this process behind.
  process.on('disconnect', () => process.exit(0));
}

/** Forces full collections so heap figures are what is live, not what awaits the collector. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
}

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  external: number;
}

export function memoryNow(): MemoryFigures {
  collectGarbage();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external };
}

export interface CpuFigures {
  /** CPU time of every thread of this process, in milliseconds. */
  total: number;
  /** CPU time of the main thread alone (the event loop), in milliseconds; NaN where /proc is missing. */
  main: number;
}

const TICK_MS = 10;

/** CPU time this process used, in all and on its main thread. */
export function cpuMs(): CpuFigures {
  const usage = process.cpuUsage();
  return { total: (usage.user + usage.system) / 1000, main: mainThreadCpuMs() };
}

// Linux reports per-thread times in /proc/self/task/<tid>/stat (utime and stime, in ticks of 10 ms).
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}
