import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { diffBetween, latestVersion, versionByNumber } from '../../agreement/agreement-model.js';
import { ActorName } from '../../../components/ActorName.js';
import { EmptyState } from '../../../components/EmptyState.js';
import { useTalks } from '../../../components/talks-context.js';
import { When } from '../../../components/When.js';
import { ClauseComments } from './ClauseComments.js';
import { VersionDiffView } from './VersionDiffView.js';

/** Every shared version, a readable diff between any two, and the parties' comments per version. */
export function VersionsSection() {
  const { t } = useTranslation();
  const { view } = useTalks();
  const model = view.agreement;
  const latest = latestVersion(model);
  if (!latest) {
    return (
      <div className="agreement-section" data-testid="versions-section">
        <EmptyState>{t('agreementConsole.versions.empty')}</EmptyState>
      </div>
    );
  }
  return (
    <div className="agreement-section" data-testid="versions-section">
      <table className="agreement-table" aria-label={t('agreementConsole.versions.listLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('agreementConsole.versions.version')}</th>
            <th scope="col">{t('agreementConsole.versions.sharedAt')}</th>
            <th scope="col">{t('agreementConsole.versions.sharedBy')}</th>
            <th scope="col">{t('agreementConsole.versions.clauses')}</th>
            <th scope="col">{t('agreementConsole.versions.authentic')}</th>
          </tr>
        </thead>
        <tbody>
          {[...model.versions].reverse().map((version) => (
            <tr key={version.version} data-testid={`version-row-${version.version}`}>
              <th scope="row">
                {t('agreementConsole.versions.number', { version: version.version })}
                {model.agreed?.version === version.version && (
                  <>
                    {' '}
                    <span className="badge badge--yes">{t('agreementConsole.versions.agreed')}</span>
                  </>
                )}
              </th>
              <td>
                <When at={version.at} />
              </td>
              <td>
                <ActorName actor={version.by} />
              </td>
              <td>{version.clauses.length}</td>
              <td>{t(`agreementConsole.languages.${version.authenticLanguage}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {model.versions.length > 1 ? (
        <CompareVersions />
      ) : (
        <p className="field__help">{t('agreementConsole.versions.onlyOne')}</p>
      )}
      <VersionComments />
    </div>
  );
}

function VersionPicker({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number;
  onChange: (version: number) => void;
}) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {view.agreement.versions.map((v) => (
          <option key={v.version} value={v.version}>
            {t('agreementConsole.versions.number', { version: v.version })}
          </option>
        ))}
      </select>
    </div>
  );
}

function CompareVersions() {
  const { t } = useTranslation();
  const { view } = useTalks();
  const model = view.agreement;
  const newest = latestVersion(model)?.version ?? 1;
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const a = from ?? Math.max(1, newest - 1);
  const b = to ?? newest;
  const diff = diffBetween(model, a, b);
  return (
    <section
      className="compare"
      aria-label={t('agreementConsole.versions.compare')}
      data-testid="compare-versions"
    >
      <h3 className="compare__title">{t('agreementConsole.versions.compare')}</h3>
      <div className="agreement-form agreement-form--inline">
        <VersionPicker label={t('agreementConsole.versions.from')} value={a} onChange={setFrom} />
        <VersionPicker label={t('agreementConsole.versions.to')} value={b} onChange={setTo} />
      </div>
      {a === b ? (
        <p className="field__help">{t('agreementConsole.versions.same')}</p>
      ) : (
        diff && <VersionDiffView diff={diff} />
      )}
    </section>
  );
}

function VersionComments() {
  const { t } = useTranslation();
  const { view } = useTalks();
  const model = view.agreement;
  const [chosen, setChosen] = useState<number | null>(null);
  const number = chosen ?? latestVersion(model)?.version ?? 1;
  const version = versionByNumber(model, number);
  return (
    <section
      className="version-comments"
      aria-label={t('agreementConsole.versions.commentsTitle')}
      data-testid="version-comments"
    >
      <h3 className="compare__title">{t('agreementConsole.versions.commentsTitle')}</h3>
      <p className="field__help">{t('agreementConsole.comments.where')}</p>
      <div className="agreement-form agreement-form--inline">
        <VersionPicker
          label={t('agreementConsole.versions.commentsOn')}
          value={number}
          onChange={setChosen}
        />
      </div>
      {version?.clauses.map((clause) => (
        <div key={clause.clauseId} className="version-comments__clause">
          <h4>{t('agreementConsole.clause.number', { number: clause.number })}</h4>
          <ClauseComments clauseId={clause.clauseId} version={number} explain={false} />
        </div>
      ))}
    </section>
  );
}
