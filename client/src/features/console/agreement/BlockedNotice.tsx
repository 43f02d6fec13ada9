import { useTranslation } from 'react-i18next';
import { useTalks } from '../../../components/talks-context.js';
import type { AgreementBlock } from './agreement-gate.js';

/** Says, before anyone clicks, why this part of the agreement cannot change now. */
export function BlockedNotice({ block }: { block: AgreementBlock }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  if (block === null) return null;
  const phase = view.talks?.phase ?? 'preparation';
  return (
    <p className="notice" role="note" data-testid="agreement-blocked">
      {block === 'text-final'
        ? t('agreementConsole.blocked.textFinal', { version: view.agreement.agreed?.version ?? 0 })
        : t(`agreementConsole.blocked.${block === 'phase-agenda' ? 'agenda' : 'text'}`, {
            phase: t(`phases.${phase}.name`),
          })}
    </p>
  );
}
