import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { Ack, SessionGrant, WireEvent } from '../../../shared/src/index.js';

/** A real Parley process (main.ts), as an operator runs it. */
export interface ParleyNode {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Whether the process still runs (a fault must never end it). */
  alive: () => boolean;
  stop: () => Promise<void>;
}

export async function startParleyNode(env: Record<string, string>): Promise<ParleyNode> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'server/src/main.ts'], {
    env: { ...process.env, PORT: '0', PARLEY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start:\n${output}`)), 60_000);
    const look = () => {
      const address = /listening on (http:\/\/\S+) /.exec(output)?.[1];
      if (address) {
        clearTimeout(timer);
        resolve(address);
      }
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => reject(new Error(`node exited ${code}:\n${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function redeem(url: string, code: string, displayName: string): Promise<SessionGrant> {
  const response = await fetch(`${url}/api/invites/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, displayName }),
  });
  if (response.status !== 200) throw new Error(`redeem answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as SessionGrant;
}

export interface FaultClient {
  name: string;
  socket: Socket;
  /** Every `event` received, in arrival order. */
  events: WireEvent[];
  command<T>(type: string, payload: unknown, commandId?: string, timeoutMs?: number): Promise<Ack<T>>;
  sync(cursors: Record<string, number>): Promise<Ack<{ events: WireEvent[] }>>;
}

export async function connectClient(name: string, url: string, grant: SessionGrant): Promise<FaultClient> {
  const socket = connectSocket(url, {
    auth: { token: grant.token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  const events: WireEvent[] = [];
  socket.on('event', (event: WireEvent) => events.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const talksId = grant.member.talksId;
  return {
    name,
    socket,
    events,
    command: (type, payload, commandId = randomUUID(), timeoutMs = 30_000) =>
      socket.timeout(timeoutMs).emitWithAck('command', { commandId, talksId, type, payload }) as Promise<Ack<never>>,
    sync: (cursors) => socket.timeout(30_000).emitWithAck('sync', { talksId, cursors }) as Promise<Ack<never>>,
  };
}

export const health = async (url: string): Promise<{ status: number; body: unknown }> => {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_500) });
    return { status: response.status, body: await response.json() };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
};

/** Polls until `check` holds, answering how long it took; throws past `limitMs`. */
export async function within(limitMs: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The first-start invite code a node prints once it opened its first talks. */
export async function firstStartCode(node: ParleyNode, limitMs = 20_000): Promise<string | undefined> {
  const find = () => /join\?code=([A-Za-z0-9_-]+)/.exec(node.output())?.[1];
  await within(limitMs, 'first-start link', () => Promise.resolve(find() !== undefined)).catch(() => undefined);
  return find();
}
