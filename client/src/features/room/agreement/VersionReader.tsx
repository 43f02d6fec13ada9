import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../../shared/src/ids.js';
import { ActorName } from '../../../components/ActorName.js';
import { EmptyState } from '../../../components/EmptyState.js';
import { useTalks } from '../../../components/talks-context.js';
import { When } from '../../../components/When.js';
import { diffBetween, latestVersion, versionByNumber } from '../../agreement/agreement-model.js';
import { ClauseCard } from './ClauseCard.js';
import { DiffView } from './DiffView.js';
import { GlossaryList } from './GlossaryList.js';

/**
 * The single negotiating text as the mediators shared it: the latest version by
 * default, any earlier one on request, and what changed between two of them. Every
 * delegation received the same version at the same moment ([TXT3]).
 */
export function VersionReader({ partyId }: { partyId: PartyId }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const id = useId();
  const model = view.agreement;
  const latest = latestVersion(model);
  // null follows the latest version as new ones are shared.
  const [chosen, setChosen] = useState<number | null>(null);
  const [compareWith, setCompareWith] = useState<number | null>(null);
  if (!latest) return <EmptyState>{t('agreementRoom.text.none')}</EmptyState>;
  const shown = (chosen !== null ? versionByNumber(model, chosen) : null) ?? latest;
  const current = shown.version === latest.version;
  const diff = compareWith !== null ? diffBetween(model, compareWith, shown.version) : null;
  const others = model.versions.filter((v) => v.version !== shown.version);

  return (
    <div className="version-reader" data-testid="version-reader" data-version={shown.version}>
      <div className="version-reader__controls">
        <div className="field field--narrow">
          <label htmlFor={`${id}-version`}>{t('agreementRoom.text.version')}</label>
          <select
            id={`${id}-version`}
            value={shown.version}
            data-testid="version-select"
            onChange={(event) => {
              const picked = Number(event.target.value);
              setChosen(picked === latest.version ? null : picked);
              if (compareWith === picked) setCompareWith(null);
            }}
          >
            {[...model.versions].reverse().map((v) => (
              <option key={v.version} value={v.version}>
                {v.version === latest.version
                  ? t('agreementRoom.text.latestOption', { version: v.version })
                  : t('agreementRoom.text.versionOption', { version: v.version })}
              </option>
            ))}
          </select>
        </div>
        {others.length > 0 && (
          <div className="field field--narrow">
            <label htmlFor={`${id}-compare`}>{t('agreementRoom.text.compare')}</label>
            <select
              id={`${id}-compare`}
              value={compareWith ?? ''}
              data-testid="compare-select"
              onChange={(event) =>
                setCompareWith(event.target.value === '' ? null : Number(event.target.value))
              }
            >
              <option value="">{t('agreementRoom.text.noCompare')}</option>
              {others.map((v) => (
                <option key={v.version} value={v.version}>
                  {t('agreementRoom.text.versionOption', { version: v.version })}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <p className="version-reader__meta">
        <strong data-testid="version-heading">
          {t('agreementRoom.text.heading', { version: shown.version })}
        </strong>{' '}
        {current ? (
          <span className="badge badge--current">{t('agreementRoom.text.current')}</span>
        ) : (
          <span className="badge">{t('agreementRoom.text.earlier')}</span>
        )}{' '}
        {model.agreed?.version === shown.version && (
          <span className="badge badge--agreed" data-testid="version-agreed">
            {t('agreementRoom.text.agreed')}
          </span>
        )}{' '}
        <span className="field__help">
          {t('agreementRoom.text.sharedBy')} <ActorName actor={shown.by} /> <When at={shown.at} />
        </span>
      </p>
      <p className="field__help">
        {t('agreementRoom.text.authenticIs', {
          language: t(`agreementRoom.languages.${shown.authenticLanguage}`),
        })}
      </p>
      {!current && (
        <p className="notice">{t('agreementRoom.text.earlierNote', { latest: latest.version })}</p>
      )}
      {diff && <DiffView diff={diff} />}
      <ol className="stack version-reader__clauses" aria-label={t('agreementRoom.text.clauses')}>
        {shown.clauses.map((clause) => (
          <li key={clause.clauseId}>
            <ClauseCard clause={clause} version={shown} current={current} partyId={partyId} />
          </li>
        ))}
      </ol>
      <GlossaryList version={shown} />
    </div>
  );
}
