import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The newest PostgreSQL server binaries on this machine, or undefined. */
export const findPostgresBin = (): string | undefined => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
};

const freePort = async (): Promise<number> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/**
 * A PostgreSQL instance of the test's own (initdb in a temporary folder, its own
 * port; the shared server on 5432 is never touched), which the test may kill
 * with SIGKILL and start again. initdb refuses root: as root, it runs as the
 * `postgres` user.
 */
export class PgInstance {
  readonly dataDir: string;
  port = 0;
  #child: ChildProcess | undefined;
  readonly #owner: { uid: number; gid: number } | undefined;

  constructor(private readonly bin: string) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
    this.#owner = process.getuid?.() === 0 ? { uid: idOf('-u'), gid: idOf('-g') } : undefined;
    if (this.#owner) chownSync(this.dataDir, this.#owner.uid, this.#owner.gid);
  }

  get url(): string {
    return `postgres://parley@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    execFileSync(join(this.bin, 'initdb'), ['-D', this.dataDir, '-U', 'parley', '--auth=trust', '-E', 'UTF8'], {
      stdio: 'ignore',
      ...(this.#owner ?? {}),
    });
    this.port = await freePort();
  }

  /** Starts the server and resolves once it accepts a query. */
  async start(): Promise<void> {
    this.#child = spawn(
      join(this.bin, 'postgres'),
      [
        '-D', this.dataDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1',
        '-c', `unix_socket_directories=${this.dataDir}`, '-c', 'fsync=off', '-c', 'max_connections=60',
        '-c', 'shared_buffers=16MB',
      ],
      { stdio: 'ignore', detached: true, ...(this.#owner ?? {}) },
    );
    this.#child.unref();
    await this.waitReady();
  }

  async waitReady(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 500 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  /** SIGKILL to the postmaster and every backend at once (its process group), as a crash. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child?.pid) return;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exited;
    // Orphaned backends die with the group; wait until none holds the port.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (await portTaken(this.port))) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

const idOf = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());

const portTaken = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
