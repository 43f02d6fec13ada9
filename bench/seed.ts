import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MemberView, PartyId, Role } from '../shared/src/index.js';
import { TalksService } from '../server/src/app/talks-service.js';
import { loadSigningKeys } from '../server/src/auth/keys.js';
import { createTokenService } from '../server/src/auth/tokens.js';
import { loadConfig } from '../server/src/config.js';
import type { EventLog } from '../server/src/log/event-log.js';
import { openEventLog } from '../server/src/storage/open-event-log.js';
import type { Roster, Seat, SeatedTalks } from './roster.js';

// Seeds the talks every target serves: per talks a lead mediator, two delegations
// of five (a head and four delegates), two observers, moved to pre-negotiation so
// the mediator may convey. Seeding is not measured, so it writes with NORMAL.

export const DELEGATION_SIZE = 5;
export const OBSERVERS = 2;
/** Sockets per talks: two delegations, a mediator, the observers (13). */
export const SEATS_PER_TALKS = 2 * DELEGATION_SIZE + 1 + OBSERVERS;

export const ROSTER_FILE = 'roster.json';

/** Fills a fresh data folder (SQLite store and signing key) with `talksCount` seated talks. */
export async function seedStore(dataDir: string, talksCount: number): Promise<Roster> {
  const config = loadConfig({ PARLEY_DATA_DIR: dataDir, PARLEY_SQLITE_SYNCHRONOUS: 'NORMAL' });
  await loadSigningKeys(config);
  const log = await openEventLog({ dataDir: config.dataDir, sqliteSynchronous: 'NORMAL' });
  try {
    const roster = await seedTalks(log, talksCount);
    await writeFile(join(dataDir, ROSTER_FILE), JSON.stringify(roster));
    return roster;
  } finally {
    await log.close();
  }
}

/** Seats `talksCount` talks through the real service (the same events Parley writes for people). */
export async function seedTalks(log: EventLog, talksCount: number): Promise<Roster> {
  const service = new TalksService({ log, inviteUrl: (code) => `http://bench.invalid/join?code=${code}` });
  const talks: SeatedTalks[] = [];
  for (let i = 0; i < talksCount; i++) talks.push(await seatOne(service, i));
  return { talks };
}

async function seatOne(service: TalksService, index: number): Promise<SeatedTalks> {
  const opened = await service.openTalks({
    title: `Bench talks ${index}`,
    partyNames: ['Northland', 'Southland'],
    observerCap: OBSERVERS,
  });
  const talksId = opened.talksId;
  const [a, b] = opened.parties.map((party) => party.id) as [PartyId, PartyId];
  const lead = await service.redeemInvite(opened.invite.code, 'Lead mediator');
  const seats: Seat[] = [seatOf(lead)];
  const wanted: { role: Role; partyId: PartyId }[] = [];
  for (const partyId of [a, b]) {
    wanted.push({ role: 'head', partyId });
    for (let d = 1; d < DELEGATION_SIZE; d++) wanted.push({ role: 'delegate', partyId });
  }
  for (let o = 0; o < OBSERVERS; o++) wanted.push({ role: 'observer', partyId: o % 2 === 0 ? a : b });
  for (const [n, seat] of wanted.entries()) {
    const invite = await service.operatorInvite(talksId, seat);
    seats.push(seatOf(await service.redeemInvite(invite.code, `${seat.role} ${n}`)));
  }
  await service.execute(talksId, lead.id, randomUUID(), 'phase.change', { to: 'pre-negotiation' });
  return { talksId, parties: [a, b], seats };
}

const seatOf = (member: MemberView): Seat => ({ memberId: member.id, role: member.role, partyId: member.partyId });

/** The member view a session token is issued for (names are not needed by the bench). */
export const memberViewOf = (talks: SeatedTalks, seat: Seat): MemberView => ({
  id: seat.memberId,
  talksId: talks.talksId,
  role: seat.role,
  partyId: seat.partyId,
  displayName: seat.role,
});

/** Signs a day-long session token for every seat, with the key in the seeded data folder. */
export async function issueTokens(dataDir: string, roster: Roster): Promise<Map<string, string>> {
  const keys = await loadSigningKeys({ dataDir, signingKey: undefined });
  const tokens = createTokenService(keys, { issuer: 'parley', sessionTtl: 86_400, refreshTtl: 86_400 });
  const byMember = new Map<string, string>();
  for (const talks of roster.talks) {
    for (const seat of talks.seats) byMember.set(seat.memberId, (await tokens.issueSession(memberViewOf(talks, seat))).token);
  }
  return byMember;
}
