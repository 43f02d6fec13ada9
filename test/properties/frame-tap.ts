import type { TestServer } from '../support/server.js';

// Captures every frame that leaves the server, twice over: at the engine (every packet
// written to a connection, acknowledgements, handshakes and refusals included) and at each
// Socket.IO socket (every outgoing event, broadcasts included). Frames are keyed by the
// engine connection id, which the client side knows too (`socket.io.engine.id`), so each
// frame is attributed to a member without trusting anything the server says about sockets.

export interface Frame {
  /** The engine.io connection id the frame was written to. */
  sid: string;
  via: 'engine' | 'socket';
  data: string;
}

interface EnginePacket {
  type?: unknown;
  data?: unknown;
}

interface EngineConnection {
  id: string;
  on(event: 'packetCreate', listener: (packet: EnginePacket) => void): unknown;
}

const text = (data: unknown): string => (typeof data === 'string' ? data : JSON.stringify(data) ?? '');

export class FrameTap {
  #frames: Frame[] = [];
  /** Engine connections by object: Socket.IO's typings keep the engine id private. */
  readonly #sids = new WeakMap<object, string>();

  /** Hooks a (re)built app's Socket.IO server; call again after every restart. */
  attach(server: TestServer): void {
    const { io } = server.app;
    io.engine.on('connection', (raw: EngineConnection) => {
      this.#sids.set(raw, raw.id);
      raw.on('packetCreate', (packet) => {
        this.#frames.push({ sid: raw.id, via: 'engine', data: `${text(packet.type)}:${text(packet.data)}` });
      });
    });
    io.on('connection', (socket) => {
      const sid = this.#sids.get(socket.conn) ?? 'unknown';
      socket.onAnyOutgoing((...args: unknown[]) => {
        this.#frames.push({ sid, via: 'socket', data: JSON.stringify(args) });
      });
    });
  }

  /** Every frame captured since the last call. */
  drain(): Frame[] {
    const frames = this.#frames;
    this.#frames = [];
    return frames;
  }
}

/** The answer an engine frame acknowledges, if it is an acknowledgement (`3<ackId>[answer]`, root namespace). */
export function ackAnswer(frame: Frame): { ok?: unknown; result?: Record<string, unknown> } | undefined {
  if (frame.via !== 'engine') return undefined;
  const match = /^message:3\d+(\[.*)$/s.exec(frame.data);
  if (!match?.[1]) return undefined;
  try {
    const [answer] = JSON.parse(match[1]) as [{ ok?: unknown; result?: Record<string, unknown> } | undefined];
    return answer;
  } catch {
    return undefined;
  }
}

/** An audit entry as the leak check sees it (parsed from a frame: nothing is trusted). */
export interface SeenAuditEntry {
  seq?: unknown;
  type?: unknown;
  audience?: unknown;
  actor?: { id?: unknown; role?: unknown; partyId?: unknown } | null;
  payload?: unknown;
  body?: unknown;
  sealed?: unknown;
}

/** The entries of an engine frame that answers an `audit.read`, or none. */
export function auditEntriesIn(frame: Frame): SeenAuditEntry[] {
  if (frame.via !== 'engine' || !frame.data.includes('"prevHash"')) return [];
  const answer = ackAnswer(frame);
  const entries = answer?.ok === true && answer.result?.chain !== undefined ? answer.result.entries : undefined;
  return Array.isArray(entries) ? (entries as SeenAuditEntry[]) : [];
}

/** The member a `presence` message (as emitted on a socket) is about. */
export function presenceAbout(frame: Frame): string | undefined {
  if (frame.via !== 'socket' || !frame.data.startsWith('["presence"')) return undefined;
  const [, change] = JSON.parse(frame.data) as [string, { memberId?: unknown } | undefined];
  return typeof change?.memberId === 'string' ? change.memberId : undefined;
}
