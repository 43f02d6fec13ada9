import { useTranslation } from 'react-i18next';
import { phaseAllows, phasesAllowing, type Activity } from '../../../shared/src/phases.js';
import { useTalks } from './talks-context.js';

// [PH2] What the current phase forbids, said before anyone types. The table is the
// server's own (shared/src/phases.ts): the client never restates it.

/** The reason an activity is closed in the current phase, in plain words; undefined when it is open. */
export function usePhaseBlock(activity: Activity): string | undefined {
  const { t, i18n } = useTranslation();
  const { view } = useTalks();
  const phase = view.talks?.phase;
  if (phase === undefined || phaseAllows(phase, activity)) return undefined;
  const allowed = phasesAllowing(activity).map((p) => t(`phases.${p}.name`));
  const list = new Intl.ListFormat(i18n.language, { type: 'disjunction' }).format(allowed);
  return t('phaseBlock.reason', {
    what: t(`phaseBlock.activity.${activity}`),
    allowed: list,
    phase: t(`phases.${phase}.name`),
  });
}
