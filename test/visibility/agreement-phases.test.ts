import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASES } from '../../shared/src/index.js';
import type { TestServer } from '../support/server.js';
import { AGREEMENT_SETUPS } from './agreement-setups.js';
import { ACTIVITY_PHASES, AGREEMENT_PHASE_CASES } from './authorization-matrix.js';
import { Seater, startVisibilityServer } from './seating.js';
import { Stage } from './stage.js';

// [PH2] Every agreement command in every phase, over real sockets: its targets are put in
// place where its activity is allowed, then the lead moves the talks to the phase under
// test; a role that may send the command is accepted where the activity is allowed and
// refused with PHASE everywhere else (the phase is public: PHASE tells nothing hidden).

let server: TestServer;
let seater: Seater;
beforeAll(async () => {
  server = await startVisibilityServer();
  seater = new Seater(server);
});
afterAll(async () => {
  await server.close();
});

type Setup = (typeof AGREEMENT_SETUPS)[keyof typeof AGREEMENT_SETUPS];

describe('the agreement’s commands, phase by phase [PH2]', () => {
  for (const { command, role, activity } of AGREEMENT_PHASE_CASES) {
    describe(`${command} (${activity})`, () => {
      for (const phase of PHASES) {
        const expected = ACTIVITY_PHASES[activity].includes(phase) ? 'allowed' : 'PHASE';
        it(`${role} in ${phase}: ${expected === 'allowed' ? 'accepted' : 'PHASE'}`, async () => {
          const stage = await Stage.open(seater);
          try {
            const setup = (AGREEMENT_SETUPS as Record<string, Setup>)[command];
            if (!setup) throw new Error(`no setup for ${command}`);
            const call = await setup(stage, role);
            // Seated first: nobody is invited into a concluded talks.
            const actor = await stage.actor(role);
            await stage.phase(phase);
            const answer = await actor.client.command(call.type, call.payload);
            expect(answer.ok ? 'allowed' : answer.error.code).toBe(expected);
          } finally {
            stage.close();
          }
        });
      }
    });
  }
});
