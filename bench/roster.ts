import type { MemberId, PartyId, Role, TalksId } from '../shared/src/index.js';

// Who sits in the benchmark's talks. The same roster drives every target: Parley
// gets signed session tokens, the bare relay gets the same seats written in the
// clear (it checks nothing), so both serve the same rooms to the same sockets.

export interface Seat {
  memberId: MemberId;
  role: Role;
  partyId: PartyId | null;
}

export interface SeatedTalks {
  talksId: TalksId;
  /** The two parties: A submits, B receives the conveyance (and the other way round). */
  parties: [PartyId, PartyId];
  /** Lead mediator, then heads and delegates of A and B, then observers. */
  seats: Seat[];
}

export interface Roster {
  talks: SeatedTalks[];
}

/** A seat with the token its socket presents at the handshake. */
export interface Ticket extends Seat {
  talksId: TalksId;
  token: string;
  /** The node this socket connects to, when a target has several. */
  url?: string;
}

/** The three seats the proposal path needs in one talks. */
export interface ShuttleCast {
  talksId: TalksId;
  parties: [PartyId, PartyId];
  mediator: Ticket;
  heads: [Ticket, Ticket];
}

/** What the relay reads from a "token": the seat and the talks' parties, unsigned. */
export interface RelayClaims {
  talksId: string;
  memberId: string;
  role: Role;
  partyId: string | null;
  parties: string[];
}

export const relayToken = (talks: SeatedTalks, seat: Seat): string =>
  Buffer.from(
    JSON.stringify({ talksId: talks.talksId, memberId: seat.memberId, role: seat.role, partyId: seat.partyId, parties: talks.parties } satisfies RelayClaims),
  ).toString('base64url');

export const readRelayToken = (token: string): RelayClaims =>
  JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as RelayClaims;

/** The mediator and both heads of one talks, with tokens from `tokenOf`. */
export function shuttleCast(talks: SeatedTalks, tokenOf: (seat: Seat) => string): ShuttleCast {
  const ticket = (seat: Seat | undefined): Ticket => {
    if (!seat) throw new Error(`talks ${talks.talksId} lacks a seat the proposal path needs`);
    return { ...seat, talksId: talks.talksId, token: tokenOf(seat) };
  };
  const [a, b] = talks.parties;
  const head = (party: PartyId) => ticket(talks.seats.find((s) => s.role === 'head' && s.partyId === party));
  return {
    talksId: talks.talksId,
    parties: talks.parties,
    mediator: ticket(talks.seats.find((s) => s.role === 'lead-mediator')),
    heads: [head(a), head(b)],
  };
}

/** Every seat of the talks as a ticket. */
export const allTickets = (talks: SeatedTalks, tokenOf: (seat: Seat) => string): Ticket[] =>
  talks.seats.map((seat) => ({ ...seat, talksId: talks.talksId, token: tokenOf(seat) }));
