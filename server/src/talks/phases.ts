// [PH1] [PH2] The phase tables live in shared/ so the web client disables exactly what the
// server refuses; the domain reads them from there.
export {
  PHASE_ALLOWS,
  PHASE_TRANSITIONS,
  canMove,
  phaseAllows,
  type Activity,
} from '../../../shared/src/phases.js';
