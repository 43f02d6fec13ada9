import net from 'node:net';

/**
 * A TCP proxy in front of a database, for fault tests: passes bytes both ways
 * until told to reset every connection (RST, as a dropped NAT entry or a
 * restarted firewall does), refuse new ones, or black-hole them (bytes are
 * swallowed and nothing answers, as a network cut does: no FIN, no RST).
 */
export class TcpProxy {
  readonly #server: net.Server;
  readonly #pairs = new Set<[net.Socket, net.Socket]>();
  #mode: 'pass' | 'refuse' | 'blackhole' = 'pass';
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.#server = net.createServer((client) => this.#accept(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Every open connection gets an RST; new ones are refused until pass(). */
  resetAll(): void {
    this.#mode = 'refuse';
    for (const [client, upstream] of this.#pairs) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.#pairs.clear();
  }

  /** Open connections and new ones go silent: bytes are read and dropped, nothing comes back. */
  blackhole(): void {
    this.#mode = 'blackhole';
  }

  /** Back to passing bytes; connections black-holed meanwhile are cut (their streams are out of step). */
  pass(): void {
    if (this.#mode === 'blackhole') {
      for (const [client, upstream] of this.#pairs) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
      this.#pairs.clear();
    }
    this.#mode = 'pass';
  }

  async close(): Promise<void> {
    for (const [client, upstream] of this.#pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.#mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.#pairs.add(pair);
    const forget = () => this.#pairs.delete(pair);
    client.on('close', () => {
      forget();
      upstream.destroy();
    });
    upstream.on('close', () => {
      forget();
      client.destroy();
    });
    // Bytes cross only while passing; a black hole reads and drops them.
    client.on('data', (chunk: Buffer) => {
      if (this.#mode === 'pass') upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.#mode === 'pass') client.write(chunk);
    });
  }
}
