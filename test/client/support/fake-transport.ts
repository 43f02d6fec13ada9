import type { WireEvent } from '../../../shared/src/events.js';
import type { CommandEnvelope, SyncRequest, SyncResult } from '../../../shared/src/protocol.js';
import type { Outcome, TalksTransport, TransportSignal } from '../../../client/src/api/transport.js';

/** A transport whose server side the test plays by hand. */
export class FakeTransport implements TalksTransport {
  readonly syncs: SyncRequest[] = [];
  readonly commands: CommandEnvelope[] = [];
  opened = 0;
  closed = 0;
  /** Pages the next sync calls answer with, in order. */
  pages: SyncResult[] = [];
  private listener: ((signal: TransportSignal) => void) | null = null;

  open(): void {
    this.opened += 1;
  }
  close(): void {
    this.closed += 1;
  }
  listen(listener: (signal: TransportSignal) => void): () => void {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }
  command(envelope: CommandEnvelope): Promise<Outcome> {
    this.commands.push(envelope);
    return Promise.resolve({ ok: true, result: { online: [] } });
  }
  sync(request: SyncRequest): Promise<Outcome<SyncResult>> {
    this.syncs.push(structuredClone(request));
    return Promise.resolve({ ok: true, result: this.pages.shift() ?? { events: [], more: false } });
  }
  renew(): Promise<Outcome<{ expiresAt: string }>> {
    return Promise.resolve({ ok: true, result: { expiresAt: '' } });
  }
  signal(signal: TransportSignal): void {
    this.listener?.(signal);
  }
  push(event: WireEvent): void {
    this.signal({ kind: 'event', event });
  }
}
