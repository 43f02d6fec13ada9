import { useTranslation } from 'react-i18next';
import type { ClauseState } from '../../../../../shared/src/model.js';

/** Where a clause or glossary term stands, in words and colour. */
export function StateBadge({ state }: { state: ClauseState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--clause-${state}`} data-state={state}>
      {t(`agreementConsole.states.${state}`)}
    </span>
  );
}
