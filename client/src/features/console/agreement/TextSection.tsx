import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { latestVersion } from '../../agreement/agreement-model.js';
import { EmptyState } from '../../../components/EmptyState.js';
import { useTalks } from '../../../components/talks-context.js';
import type { AgreementGate } from './agreement-gate.js';
import { AuthenticLanguage } from './AuthenticLanguage.js';
import { BlockedNotice } from './BlockedNotice.js';
import { ClauseCard } from './ClauseCard.js';
import { ClauseEditor } from './ClauseEditor.js';
import { ShareVersion } from './ShareVersion.js';

/** The single negotiating text as the mediators draft it, and sharing it as a numbered version. */
export function TextSection({ gate }: { gate: AgreementGate }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const model = view.agreement;
  const [drafting, setDrafting] = useState(false);
  const latest = latestVersion(model);
  return (
    <div className="agreement-section" data-testid="text-section">
      <BlockedNotice block={gate.text} />
      <div className="text-toolbar">
        <AuthenticLanguage disabled={gate.text !== null} />
        {gate.text === null && <ShareVersion />}
      </div>
      <p className="field__help" data-testid="unshared-count">
        {latest
          ? t('agreementConsole.text.unshared', { count: model.unshared.length, version: latest.version })
          : t('agreementConsole.text.neverShared')}
      </p>
      {gate.text === null &&
        (drafting ? (
          <ClauseEditor clause={null} onDone={() => setDrafting(false)} />
        ) : (
          <button type="button" className="button button--primary" onClick={() => setDrafting(true)}>
            {t('agreementConsole.text.newClause')}
          </button>
        ))}
      {model.clauses.length === 0 ? (
        <EmptyState>{t('agreementConsole.text.empty')}</EmptyState>
      ) : (
        <ol className="agreement-list" aria-label={t('agreementConsole.text.listLabel')}>
          {model.clauses.map((clause) => (
            <li key={clause.clauseId}>
              <ClauseCard clause={clause} gate={gate} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
