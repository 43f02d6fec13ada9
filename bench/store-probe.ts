import { mkdir, rm } from 'node:fs/promises';
import type { TalksId } from '../shared/src/index.js';
import { loadSigningKeys } from '../server/src/auth/keys.js';
import { verifyTalksChain } from '../server/src/log/audit.js';
import type { EventLog } from '../server/src/log/event-log.js';
import { openEventLog } from '../server/src/storage/open-event-log.js';
import { serveParent } from './child.js';
import { messageAppend, messageEvent, newSyntheticTalks, openedEvent, type SyntheticTalks } from './synthetic.js';

// The store measured on its own, in a child process: durable appends per second
// with many concurrent appenders (each on its own talks, as commands for different
// talks are), building the large store the cold start and the audit read, and
// verifying a large talks' chain.

export interface DurableArgs {
  dir: string;
  synchronous: 'FULL' | 'NORMAL';
  appenders: number;
  durationMs: number;
}

export interface DurableResult {
  events: number;
  ms: number;
  eventsPerSec: number;
}

async function durable({ dir, synchronous, appenders, durationMs }: DurableArgs): Promise<DurableResult> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const log = await openEventLog({ dataDir: dir, sqliteSynchronous: synchronous });
  try {
    const talks = await Promise.all(Array.from({ length: appenders }, () => openTalks(log)));
    let events = 0;
    const started = performance.now();
    const end = started + durationMs;
    await Promise.all(
      talks.map(async (one) => {
        while (performance.now() < end) {
          await log.append(messageAppend(one));
          one.seq++;
          events++;
        }
      }),
    );
    const ms = performance.now() - started;
    return { events, ms, eventsPerSec: Math.round((events / ms) * 1000) };
  } finally {
    await log.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function openTalks(log: EventLog): Promise<SyntheticTalks> {
  const talks = newSyntheticTalks();
  await log.append({ talksId: talks.talksId, expectedSeq: 0, events: [openedEvent(talks)] });
  talks.seq = 1;
  return talks;
}

export interface BuildArgs {
  dir: string;
  /** Talks of `eventsPerTalks` events each... */
  talks: number;
  eventsPerTalks: number;
  /** ...plus one large talks of this many, the one the audit verifies. */
  largeTalksEvents: number;
}

const BATCH = 1_000;

async function build({ dir, talks, eventsPerTalks, largeTalksEvents }: BuildArgs): Promise<{ events: number; largeTalksId: TalksId; ms: number }> {
  const started = performance.now();
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // The key a server makes on first start, made now so starting on this store writes nothing.
  await loadSigningKeys({ dataDir: dir, signingKey: undefined });
  const log = await openEventLog({ dataDir: dir, sqliteSynchronous: 'NORMAL' });
  try {
    const large = await fill(log, largeTalksEvents);
    for (let t = 0; t < talks; t++) await fill(log, eventsPerTalks);
    return { events: largeTalksEvents + talks * eventsPerTalks, largeTalksId: large.talksId, ms: performance.now() - started };
  } finally {
    await log.close();
  }
}

async function fill(log: EventLog, count: number): Promise<SyntheticTalks> {
  const talks = await openTalks(log);
  while (talks.seq < count) {
    const events = Array.from({ length: Math.min(BATCH, count - talks.seq) }, () => messageEvent(talks));
    await log.append({ talksId: talks.talksId, expectedSeq: talks.seq, events });
    talks.seq += events.length;
  }
  return talks;
}

async function verify({ dir, talksId }: { dir: string; talksId: TalksId }): Promise<{ events: number; ms: number; eventsPerSec: number; ok: boolean }> {
  const log = await openEventLog({ dataDir: dir, sqliteSynchronous: 'FULL' });
  try {
    const started = performance.now();
    const verdict = await verifyTalksChain(log, talksId);
    const ms = performance.now() - started;
    const events = verdict.ok ? verdict.head.seq : verdict.seq;
    return { events, ms, eventsPerSec: Math.round((events / ms) * 1000), ok: verdict.ok };
  } finally {
    await log.close();
  }
}

serveParent({ durable, build, verify });
