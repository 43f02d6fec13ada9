import type { Phase } from './model.js';

// [PH1] [PH2] The phase tables, in one place for the server (which enforces them) and the
// web client (which disables what the phase forbids before anyone types). Neither side
// restates them.

/** [PH1] Phases move only along these edges; a concluded talks is final. */
export const PHASE_TRANSITIONS: Record<Phase, readonly Phase[]> = {
  preparation: ['pre-negotiation', 'suspended'],
  'pre-negotiation': ['negotiation', 'preparation', 'suspended'],
  negotiation: ['pre-negotiation', 'concluded', 'suspended'],
  suspended: ['preparation', 'pre-negotiation', 'negotiation'],
  concluded: [],
};

export const canMove = (from: Phase, to: Phase): boolean => PHASE_TRANSITIONS[from].includes(to);

/** [PH2] The activities each phase allows. */
export const ACTIVITIES = [
  'membership',
  'talk',
  'joint',
  'submit',
  'withdraw',
  'shuttle',
  'summarise',
  'agenda',
  'text',
  'package',
  'keys',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

const ACTIVE: readonly Phase[] = ['preparation', 'pre-negotiation', 'negotiation'];

export const PHASE_ALLOWS: Record<Activity, readonly Phase[]> = {
  // Inviting and removing members: until the talks is concluded.
  membership: [...ACTIVE, 'suspended'],
  // Caucus, room and mediation messages: until concluded (a suspended delegation still deliberates).
  talk: [...ACTIVE, 'suspended'],
  // Plenary messages: only when the parties meet, in the negotiation phase.
  joint: ['negotiation'],
  // Positions to the mediator: in the active phases.
  submit: ACTIVE,
  // Withdrawing a position: also while suspended, so a party can narrow what it disclosed
  // before the talks resumes and a mediator could convey it.
  withdraw: [...ACTIVE, 'suspended'],
  // Conveying between rooms and answering conveyances: once proximity talks begin.
  shuttle: ['pre-negotiation', 'negotiation'],
  // Summaries: in every phase, a concluded one included (a closing statement).
  summarise: [...ACTIVE, 'suspended', 'concluded'],
  // The agenda: from the start, so the mediators can prepare it with each party.
  agenda: ACTIVE,
  // Drafting, sharing and commenting on the single negotiating text, and early
  // implementation of an item: once proximity talks begin.
  text: ['pre-negotiation', 'negotiation'],
  // Marks, acceptance of the package and signatures: at the table.
  package: ['negotiation'],
  // Registering a signing key: until the talks is concluded.
  keys: [...ACTIVE, 'suspended'],
};

export const phaseAllows = (phase: Phase, activity: Activity): boolean => PHASE_ALLOWS[activity].includes(phase);

/** The phases in which an activity is allowed, for a reason shown to the user ("only in ..."). */
export const phasesAllowing = (activity: Activity): readonly Phase[] => PHASE_ALLOWS[activity];
