#!/usr/bin/env node
// A full round of proximity talks against a running Parley, using nothing but
// socket.io-client and fetch. It follows docs/protocol.md step by step:
//
//   node examples/full-round.mjs <lead mediator's invite code or link>
//
// PARLEY_URL says where Parley runs (default http://localhost:3000); several nodes of one
// Parley may be listed, comma-separated: members and HTTP calls then take them in turn. The invite comes
// from `npm run parley -- talks create ... --json` (its invite.code) or from the link
// Parley prints on first start. An invite works once: use a fresh talks for every run.
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';

const NODES = (process.env.PARLEY_URL ?? 'http://localhost:3000').split(',').map((url) => url.trim().replace(/\/+$/, ''));
const BASE_URL = NODES.join(', ');
let turn = 0;
/** The next node, in turn: with several nodes, consecutive requests land on different ones. */
const nextNode = () => NODES[turn++ % NODES.length];
const WAIT_MS = 15_000;

/** @typedef {{ id: string, talksId: string, role: string, partyId: string | null, displayName: string }} MemberView */
/** @typedef {{ token: string, expiresAt: string, refreshToken: string, refreshExpiresAt: string, member: MemberView }} SessionGrant */
/** @typedef {{ code: string, message: string }} ErrorBody */
/** @typedef {{ talksId: string, id: string, audience: string, aseq: number, type: string, at: string, actor: { id: string | null, role: string, partyId: string | null, displayName: string }, payload: Record<string, unknown> }} WireEvent */
/** @typedef {{ ok: true, result: Record<string, unknown> } | { ok: false, error: ErrorBody }} Ack */
/** @typedef {{ ok: true, result: { events: WireEvent[], more: boolean } } | { ok: false, error: ErrorBody }} SyncAck */

/** An error answer from Parley, with its stable code. */
class ParleyError extends Error {
  /** @param {ErrorBody} body */
  constructor(body) {
    super(`${body.code}: ${body.message}`);
    this.code = body.code;
  }
}

const say = (/** @type {string} */ line) => process.stdout.write(`${line}\n`);
const pause = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const short = (/** @type {unknown} */ id) => `${String(id).slice(0, 8)}…`;

/** The invite code, given as the code itself or as the whole link (…/join?code=…). */
function inviteCodeFrom(/** @type {string | undefined} */ given) {
  if (!given) {
    process.stderr.write('Usage: node examples/full-round.mjs <lead mediator invite code or link>\n');
    process.exit(2);
  }
  return given.includes('code=') ? (new URL(given).searchParams.get('code') ?? '') : given.trim();
}

/**
 * POSTs JSON to Parley's HTTP API. Errors have the body { error: { code, message } }.
 * @param {string} path
 * @param {Record<string, unknown>} body
 */
async function post(path, body) {
  const response = await fetch(`${nextNode()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  /** @type {unknown} */
  const parsed = await response.json();
  const answer = /** @type {{ error?: ErrorBody }} */ (parsed);
  if (!response.ok)
    throw new ParleyError(answer.error ?? { code: 'INTERNAL', message: `HTTP ${response.status}` });
  return answer;
}

/** Redeems an invite code for a session grant (token, refresh token, member). */
async function redeem(/** @type {string} */ code, /** @type {string} */ displayName) {
  return /** @type {SessionGrant} */ (await post('/api/invites/redeem', { code, displayName }));
}

/**
 * Opens a socket for one member and keeps its copy of the events it may read: each
 * event once (deduplicated by audience and aseq), gaps filled from the log with `sync`.
 * @param {SessionGrant} grant
 */
async function connect(grant) {
  const { talksId, displayName } = grant.member;
  const socket = io(nextNode(), { auth: { token: grant.token }, reconnection: false });
  /** @type {WireEvent[]} */
  const events = [];
  /** The last aseq held per audience: what `sync` asks to continue from. */
  /** @type {Record<string, number>} */
  const cursors = {};
  /** @type {Set<{ test: (event: WireEvent) => boolean, resolve: (event: WireEvent) => void }>} */
  const waiters = new Set();
  let syncing = Promise.resolve();

  /**
   * Emits a message and resolves with the server's acknowledgement (rejects after WAIT_MS).
   * @param {string} name
   * @param {unknown} data
   * @returns {Promise<unknown>}
   */
  const ask = (name, data) => socket.timeout(WAIT_MS).emitWithAck(name, data);

  const keep = (/** @type {WireEvent} */ event) => {
    if (event.aseq <= (cursors[event.audience] ?? 0)) return; // already held: a duplicate
    cursors[event.audience] = event.aseq;
    events.push(event);
    for (const waiter of waiters) {
      if (waiter.test(event)) {
        waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
  };

  /** Asks for everything after our cursors, page by page, until `more` is false. */
  const catchUp = () => {
    syncing = syncing.then(async () => {
      for (;;) {
        const answer = /** @type {SyncAck} */ (await ask('sync', { talksId, cursors }));
        if (!answer.ok) throw new ParleyError(answer.error);
        for (const event of answer.result.events) keep(event);
        if (!answer.result.more) return;
      }
    });
    return syncing;
  };

  socket.on('event', (/** @type {WireEvent} */ event) => {
    const held = cursors[event.audience] ?? 0;
    // A gap means we missed something (we connected late, or the network hiccuped): fill it from the log.
    if (event.aseq > held + 1) catchUp().catch((error) => say(`  (sync failed: ${String(error)})`));
    else keep(event);
  });
  socket.on('closing', (/** @type {ErrorBody} */ reason) =>
    say(`  ${displayName}'s connection is closing: ${reason.code}: ${reason.message}`),
  );

  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('connect_error', (/** @type {Error & { data?: ErrorBody }} */ error) =>
      reject(error.data ? new ParleyError(error.data) : error),
    );
  });
  await catchUp();

  return {
    grant,
    events,
    /**
     * Sends one command and returns its result, or throws its typed error. A lost
     * answer or RATE_LIMITED is retried with the same commandId, which is always safe.
     * @param {string} type
     * @param {Record<string, unknown>} [payload]
     */
    async command(type, payload = {}) {
      const envelope = { commandId: randomUUID(), talksId, type, payload };
      for (let attempt = 1; ; attempt++) {
        /** @type {Ack} */
        let answer;
        try {
          answer = /** @type {Ack} */ (await ask('command', envelope));
        } catch (error) {
          if (attempt < 3) continue; // no answer in time: send the very same command again
          throw error;
        }
        if (answer.ok) return answer.result;
        if (answer.error.code === 'RATE_LIMITED' && attempt < 5) {
          await pause(1_000);
          continue;
        }
        throw new ParleyError(answer.error);
      }
    },
    /**
     * Resolves with the first event (already held or still to come) that passes the test.
     * @param {(event: WireEvent) => boolean} test
     * @param {string} what
     * @returns {Promise<WireEvent>}
     */
    waitFor(test, what) {
      const held = events.find(test);
      if (held) return Promise.resolve(held);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          if (waiters.delete(waiter))
            reject(new Error(`${displayName} waited ${WAIT_MS / 1000} s for ${what}`));
        }, WAIT_MS);
        const waiter = {
          test,
          resolve: (/** @type {WireEvent} */ event) => {
            clearTimeout(timer);
            resolve(event);
          },
        };
        waiters.add(waiter);
      });
    },
    close: () => socket.close(),
  };
}

/** @typedef {Awaited<ReturnType<typeof connect>>} Member */

/**
 * The lead mediator invites someone, who redeems the invite and connects.
 * @param {Member} lead
 * @param {string} role
 * @param {string} partyId
 * @param {string} displayName
 */
async function seat(lead, role, partyId, displayName) {
  const invite = await lead.command('member.invite', { role, partyId });
  return connect(await redeem(String(invite.code), displayName));
}

async function fullRound() {
  const code = inviteCodeFrom(process.argv[2] ?? process.env.PARLEY_INVITE);
  say(`Parley at ${BASE_URL}`);

  const lead = await connect(await redeem(code, 'Lead Mediator'));
  const view =
    /** @type {{ talks: { title: string, phase: string, parties: { id: string, name: string }[] } }} */ (
      /** @type {unknown} */ (await lead.command('talks.get'))
    );
  const [a, b] = view.talks.parties;
  if (!a || !b) throw new Error('This talks has fewer than two parties.');
  say(`1. Redeemed the invite: you are the lead mediator of "${view.talks.title}".`);
  say(
    `   Parties: ${view.talks.parties.map((party) => `${party.name} (${short(party.id)})`).join(', ')}. Phase: ${view.talks.phase}.`,
  );

  if (view.talks.phase === 'preparation' || view.talks.phase === 'suspended') {
    await lead.command('phase.change', { to: 'pre-negotiation' });
    say(`2. Moved the talks from ${view.talks.phase} to pre-negotiation, where the mediator may shuttle.`);
  } else if (view.talks.phase === 'concluded') {
    throw new Error('This talks is concluded: open a new one with `npm run parley -- talks create`.');
  } else {
    say(`2. The talks is already in the ${view.talks.phase} phase, where the mediator may shuttle.`);
  }

  const headA = await seat(lead, 'head', a.id, `Head of ${a.name}`);
  const headB = await seat(lead, 'head', b.id, `Head of ${b.name}`);
  say(
    `3. Invited a head of delegation for ${a.name} and for ${b.name}; both redeemed their invites and connected.`,
  );
  let observer = null;
  try {
    observer = await seat(lead, 'observer', a.id, 'Observer');
    say(`   Invited an observer (on ${a.name}'s behalf), who will read only the gallery.`);
  } catch (error) {
    if (!(error instanceof ParleyError && error.code === 'CONFLICT')) throw error;
    say(`   No observer: ${error.message}`);
  }

  const submitted = await headA.command('submission.create', {
    text: `${a.name} can share the river 60/40 in normal years.`,
    disclosure: 'conveyable',
  });
  await lead.waitFor(
    (event) => event.type === 'submission.created' && event.payload.submissionId === submitted.submissionId,
    'the submission',
  );
  say(`4. ${a.name} submitted a position to the mediator, marked "conveyable" (the mediator may reword it).`);

  const toB = await lead.command('conveyance.create', {
    toPartyId: b.id,
    text: `${a.name} proposes sharing the river 60/40.`,
    submissionId: submitted.submissionId,
  });
  const deliveredToB = await headB.waitFor(
    (event) => event.type === 'conveyance.delivered' && event.payload.conveyanceId === toB.conveyanceId,
    'the conveyance',
  );
  const disclosedToA = await headA.waitFor(
    (event) => event.type === 'conveyance.disclosed' && event.payload.conveyanceId === toB.conveyanceId,
    'the disclosure',
  );
  say(`5. The mediator conveyed it to ${b.name}, who reads: "${String(deliveredToB.payload.text)}"`);
  say(
    `   ${a.name}'s room shows exactly what was conveyed on its behalf, and to whom (${short(disclosedToA.payload.toPartyId)}).`,
  );

  const counter = await headB.command('response.create', {
    conveyanceId: toB.conveyanceId,
    stance: 'counter',
    text: '55/45, with a drought clause.',
    disclosure: 'conveyable',
  });
  await lead.waitFor(
    (event) => event.type === 'response.created' && event.payload.responseId === counter.responseId,
    'the response',
  );
  say(
    `6. ${b.name} countered: "55/45, with a drought clause." Only the mediators and ${b.name} can read it.`,
  );

  const toA = await lead.command('conveyance.create', {
    toPartyId: a.id,
    text: `${b.name} counters with a slightly larger share for itself and relief in dry years.`,
    responseId: counter.responseId,
  });
  const deliveredToA = await headA.waitFor(
    (event) => event.type === 'conveyance.delivered' && event.payload.conveyanceId === toA.conveyanceId,
    'the counter',
  );
  say(`7. The mediator conveyed the counter to ${a.name}, who reads: "${String(deliveredToA.payload.text)}"`);

  const summaryText = `The parties discussed sharing the river: ${a.name} proposed 60/40, ${b.name} a little more for itself, with relief in dry years.`;
  const drafted = await lead.command('summary.draft', { text: summaryText });
  for (const head of [headA, headB]) {
    await head.waitFor(
      (event) => event.type === 'summary.proposed' && event.payload.summaryId === drafted.summaryId,
      'the summary',
    );
    await head.command('summary.approve', { summaryId: drafted.summaryId });
  }
  say(
    `8. The mediator drafted a summary; the heads of ${a.name} and ${b.name} read it in their rooms and approved it.`,
  );

  await lead.command('summary.publish', { summaryId: drafted.summaryId });
  const reader = observer ?? headB;
  const published = await reader.waitFor(
    (event) => event.type === 'summary.published' && event.payload.summaryId === drafted.summaryId,
    'the published summary',
  );
  say(
    `9. The lead mediator published the summary to the gallery. ${observer ? 'The observer' : `The head of ${b.name}`} reads:`,
  );
  say(`   Published summary: "${String(published.payload.text)}"`);
  if (observer)
    say(
      `   The observer received ${observer.events.length} events in all: ${[...new Set(observer.events.map((event) => event.type))].join(', ')}.`,
    );

  for (const member of [lead, headA, headB, observer]) member?.close();
  say('Done: a full round, from a position to a published summary.');
}

fullRound().catch((/** @type {unknown} */ error) => {
  process.stderr.write(`Stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
