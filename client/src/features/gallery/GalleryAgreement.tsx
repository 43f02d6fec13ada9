import { useTranslation } from 'react-i18next';
import type { AgreementBundle } from '../../../../shared/src/agreement.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useTalks } from '../../components/talks-context.js';
import { When } from '../../components/When.js';
import { ExportActions } from '../room/agreement/ExportActions.js';
import '../room/agreement/agreement-room.css';

/**
 * The agreement's public milestones ([VIS9]): items implemented early, the package
 * agreed, the agreement concluded with its text hash. Once concluded, observers may
 * read the export too ([SIG4]).
 */
export function GalleryAgreement({ onPrint }: { onPrint: (bundle: AgreementBundle) => void }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const model = view.agreement;
  const implemented = model.early.filter((item) => item.implemented !== null);
  if (implemented.length === 0 && !model.agreed && !model.concluded)
    return <EmptyState>{t('agreementRoom.gallery.empty')}</EmptyState>;
  return (
    <div className="gallery-agreement" data-testid="gallery-agreement">
      {implemented.length > 0 && (
        <ul className="stack" aria-label={t('agreementRoom.gallery.early')} data-testid="gallery-early">
          {implemented.map((item) => (
            <li key={item.itemId} className="card card--published">
              <p className="card__meta">
                <span className="badge badge--published">{t('agreementRoom.early.implemented')}</span>{' '}
                {item.implemented && <When at={item.implemented.at} />}
              </p>
              <p className="card__text">{item.implemented?.title}</p>
            </li>
          ))}
        </ul>
      )}
      {model.agreed && (
        <p data-testid="gallery-agreed">
          {t('agreementRoom.gallery.agreed', { version: model.agreed.version })} <When at={model.agreed.at} />
        </p>
      )}
      {model.concluded && (
        <div className="card card--published" data-testid="gallery-concluded">
          <p>
            <strong>{t('agreementRoom.gallery.concluded', { version: model.concluded.version })}</strong>{' '}
            <When at={model.concluded.at} />
          </p>
          <p>
            {t('agreementRoom.sign.hashLabel')} <code className="hash">{model.concluded.textHash}</code>
          </p>
          {view.talks && <ExportActions talksId={view.talks.id} onPrint={onPrint} />}
        </div>
      )}
    </div>
  );
}
