import { useTranslation } from 'react-i18next';
import { conveyancesOfSource, partyName } from '../../api/selectors.js';
import { useTalks } from '../../components/talks-context.js';
import { When } from '../../components/When.js';

/** For one submission or response: which room got which wording, and when. */
export function WhoKnowsWhat({ sourceId, sourceText }: { sourceId: string; sourceText: string }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const conveyed = conveyancesOfSource(view, sourceId);
  return (
    <div className="who-knows">
      <h4 className="who-knows__title">{t('whoKnows.title')}</h4>
      {conveyed.length === 0 ? (
        <p className="who-knows__none">{t('whoKnows.none')}</p>
      ) : (
        <ul className="who-knows__list">
          {conveyed.map((conveyance) => (
            <li key={conveyance.conveyanceId}>
              <span className="who-knows__room">
                {t('whoKnows.room', { party: partyName(view, conveyance.toPartyId) })}
              </span>{' '}
              <When at={conveyance.at} />{' '}
              <span className="who-knows__wording">
                {conveyance.text === sourceText ? t('whoKnows.verbatim') : t('whoKnows.ownWords')}
              </span>
              <blockquote className="quote">{conveyance.text}</blockquote>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
