import { randomUUID } from 'node:crypto';
import type { WireEvent } from '../shared/src/index.js';
import { cpuMs } from './child.js';
import type { Fleet, Member } from './fleet.js';
import { encode, newHistogram, recordMs, summarise, type LatencySummary } from './histogram.js';

// The proposal path, driven open loop: proposal n is due at start + n/rate whatever
// happened to earlier ones, and every latency is measured from that intended time,
// so a server (or load generator) falling behind shows up as latency instead of
// quietly lowering the rate. Per proposal: a head submits (verbatim, so that the
// mediator may pass the same bytes on, as the relay does), the mediator
// conveys it to the other party as soon as its socket sees submission.created, and
// the other head's socket seeing conveyance.delivered completes it.

export interface CastIds {
  talksId: string;
  parties: [string, string];
  mediator: string;
  heads: [string, string];
}

export interface ProposalRunOptions {
  casts: readonly CastIds[];
  /** Proposals per second, spread round-robin over the casts, alternating direction. */
  rate: number;
  durationMs: number;
  /** How long to wait after the last send for deliveries before counting them missing. */
  graceMs: number;
  /** Size of each proposal's text (the same on every target). */
  textBytes: number;
}

export interface ProposalRunResult {
  rate: number;
  sent: number;
  delivered: number;
  missing: number;
  /** Refused commands by error code. */
  errors: Record<string, number>;
  /** submit intended → other party's head receives conveyance.delivered. */
  proposal: LatencySummary;
  /** submit intended → mediator receives submission.created. */
  submitHop: LatencySummary;
  /** mediator reacts (intended convey) → other party's head receives. */
  conveyHop: LatencySummary;
  histograms: { proposal: string; submitHop: string; conveyHop: string };
  /** Worst lateness of a send behind its intended time: the load generator's own lag. */
  sendLagMaxMs: number;
  loadgenCpuPct: number;
  elapsedMs: number;
}

interface Ack {
  ok: boolean;
  error?: { code: string };
}

export async function runProposals(fleet: Fleet, options: ProposalRunOptions): Promise<ProposalRunResult> {
  const total = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const runId = randomUUID().slice(0, 8);
  const intended = new Float64Array(total);
  const conveyedAt = new Float64Array(total);
  const done = new Uint8Array(total);
  const histograms = { proposal: newHistogram(), submitHop: newHistogram(), conveyHop: newHistogram() };
  const errors: Record<string, number> = {};
  const partiesOf = new Map(options.casts.map((cast) => [cast.talksId, cast.parties]));
  const filler = 'x'.repeat(Math.max(0, options.textBytes - runId.length - 12));
  let delivered = 0;
  let sendLagMaxMs = 0;

  const refused = (code: string) => {
    errors[code] = (errors[code] ?? 0) + 1;
  };
  const onAck = (answer: Ack) => {
    if (!answer.ok) refused(answer.error?.code ?? 'UNKNOWN');
  };
  const command = (member: Member, type: string, payload: Record<string, unknown>) =>
    member.socket.emit('command', { commandId: randomUUID(), talksId: member.ticket.talksId, type, payload }, onAck);
  const numberOf = (text: unknown): number => {
    if (typeof text !== 'string' || !text.startsWith(runId)) return -1;
    const n = Number.parseInt(text.slice(runId.length + 1), 10);
    return n >= 0 && n < total ? n : -1;
  };

  fleet.listener = (member: Member, event: WireEvent) => {
    if (event.type === 'submission.created' && member.ticket.role === 'lead-mediator') {
      const n = numberOf(event.payload.text);
      if (n < 0 || conveyedAt[n] !== 0) return;
      const now = performance.now();
      conveyedAt[n] = now;
      recordMs(histograms.submitHop, now - (intended[n] ?? now));
      const parties = partiesOf.get(event.talksId);
      const toPartyId = parties?.[0] === event.payload.partyId ? parties[1] : parties?.[0];
      command(member, 'conveyance.create', { toPartyId, text: event.payload.text, submissionId: event.payload.submissionId });
    } else if (event.type === 'conveyance.delivered' && member.ticket.role === 'head') {
      const n = numberOf(event.payload.text);
      if (n < 0 || done[n] === 1) return;
      const now = performance.now();
      done[n] = 1;
      delivered++;
      recordMs(histograms.proposal, now - (intended[n] ?? now));
      recordMs(histograms.conveyHop, now - (conveyedAt[n] ?? now));
    }
  };

  const cpuBefore = cpuMs().total;
  const start = performance.now();
  const interval = 1000 / options.rate;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / interval) + 1);
      for (; sent < due; sent++) {
        const cast = options.casts[sent % options.casts.length];
        if (!cast) break;
        const direction = Math.floor(sent / options.casts.length) % 2;
        intended[sent] = start + sent * interval;
        sendLagMaxMs = Math.max(sendLagMaxMs, now - (intended[sent] ?? now));
        command(fleet.member(cast.heads[direction] ?? ''), 'submission.create', {
          text: `${runId}:${sent}|${filler}`,
          disclosure: 'verbatim',
        });
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const deadline = performance.now() + options.graceMs;
  while (delivered < total && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  const elapsedMs = performance.now() - start;
  fleet.listener = undefined;

  return {
    rate: options.rate,
    sent,
    delivered,
    missing: sent - delivered,
    errors,
    proposal: summarise(histograms.proposal),
    submitHop: summarise(histograms.submitHop),
    conveyHop: summarise(histograms.conveyHop),
    histograms: {
      proposal: encode(histograms.proposal),
      submitHop: encode(histograms.submitHop),
      conveyHop: encode(histograms.conveyHop),
    },
    sendLagMaxMs,
    loadgenCpuPct: Math.round(((cpuMs().total - cpuBefore) / elapsedMs) * 100),
    elapsedMs,
  };
}
