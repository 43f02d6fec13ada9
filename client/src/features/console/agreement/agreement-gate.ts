import type { Phase } from '../../../../../shared/src/model.js';
import { phaseAllows } from '../../../../../shared/src/phases.js';
import type { AgreementModel } from '../../agreement/agreement-model.js';

// When the mediators may work on which part of the agreement (docs/protocol.md §5, §6):
// the agenda from preparation on, the text from pre-negotiation on and until the
// package is agreed. The server decides, from the same phase table (shared/src/phases.ts);
// this only explains, before anyone clicks.

export type AgreementBlock = 'phase-agenda' | 'phase-text' | 'text-final' | null;

export interface AgreementGate {
  agenda: AgreementBlock;
  text: AgreementBlock;
  early: AgreementBlock;
}

export function agreementGate(phase: Phase | undefined, model: AgreementModel): AgreementGate {
  const textPhase = phase !== undefined && phaseAllows(phase, 'text');
  return {
    agenda: phase !== undefined && phaseAllows(phase, 'agenda') ? null : 'phase-agenda',
    text: !textPhase ? 'phase-text' : model.agreed ? 'text-final' : null,
    early: textPhase ? null : 'phase-text',
  };
}
