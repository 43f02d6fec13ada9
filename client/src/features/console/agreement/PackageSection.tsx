import { useTranslation } from 'react-i18next';
import { partyName } from '../../../api/selectors.js';
import {
  agendaItem,
  earlyStatus,
  latestVersion,
  packageDistance,
  type ItemDistance,
} from '../../agreement/agreement-model.js';
import { EmptyState } from '../../../components/EmptyState.js';
import { useTalks } from '../../../components/talks-context.js';
import { When } from '../../../components/When.js';

/**
 * How far the current version is from an agreed package ([PKG1]–[PKG3]): nothing is agreed
 * until everything is, so every clause, term, mark and acceptance still missing is named.
 */
export function PackageSection() {
  const { t } = useTranslation();
  const { view } = useTalks();
  const model = view.agreement;
  const current = latestVersion(model);
  const distance = packageDistance(model);
  if (!current || distance.version === null) {
    return (
      <div className="agreement-section" data-testid="package-section">
        <EmptyState>{t('agreementConsole.package.empty')}</EmptyState>
      </div>
    );
  }
  const numberOf = (clauseId: string) => current.clauses.find((c) => c.clauseId === clauseId)?.number ?? 0;
  const numbers = (clauseIds: string[]) => clauseIds.map(numberOf).join(', ');
  const termName = (termId: string) => {
    const term = current.glossary.find((g) => g.termId === termId)?.term;
    return term ? term.en || term.uk || term.ru : '';
  };
  const early = model.early.filter((e) => e.proposedAt !== null);

  return (
    <div className="agreement-section" data-testid="package-section">
      <p
        className={`package-summary ${distance.agreed ? 'package-summary--agreed' : ''}`}
        role="status"
        data-testid="package-summary"
      >
        {distance.agreed
          ? t('agreementConsole.package.agreed', { version: distance.version })
          : t('agreementConsole.package.distance', { version: distance.version, count: distance.stepsLeft })}
      </p>
      {!distance.agreed && (
        <>
          <ul className="package-text-state">
            <li data-testid="package-clauses-not-agreed">
              {distance.clausesNotAgreed.length === 0
                ? t('agreementConsole.package.allClausesAgreed')
                : t('agreementConsole.package.clausesNotAgreed', {
                    clauses: numbers(distance.clausesNotAgreed),
                  })}
            </li>
            {current.glossary.length > 0 && (
              <li data-testid="package-terms-not-agreed">
                {distance.termsNotAgreed.length === 0
                  ? t('agreementConsole.package.allTermsAgreed')
                  : t('agreementConsole.package.termsNotAgreed', {
                      terms: distance.termsNotAgreed.map(termName).join(', '),
                    })}
              </li>
            )}
          </ul>
          <table className="agreement-table" aria-label={t('agreementConsole.package.perParty')}>
            <caption>{t('agreementConsole.package.perParty')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('agreementConsole.package.party')}</th>
                <th scope="col">{t('agreementConsole.package.livesWith')}</th>
                <th scope="col">{t('agreementConsole.package.cannotLiveWith')}</th>
                <th scope="col">{t('agreementConsole.package.notMarked')}</th>
                <th scope="col">{t('agreementConsole.package.accepted')}</th>
              </tr>
            </thead>
            <tbody>
              {distance.perParty.map((party) => {
                const unmarked = party.notLivedWith.filter((id) => !party.cannotLiveWith.includes(id));
                return (
                  <tr key={party.partyId} data-testid="package-party" data-party={party.name}>
                    <th scope="row">{party.name}</th>
                    <td>
                      {t('agreementConsole.package.ofClauses', {
                        count: current.clauses.length - party.notLivedWith.length,
                        total: current.clauses.length,
                      })}
                    </td>
                    <td>{party.cannotLiveWith.length ? numbers(party.cannotLiveWith) : '—'}</td>
                    <td>{unmarked.length ? numbers(unmarked) : '—'}</td>
                    <td>
                      {party.accepted ? (
                        <span className="badge badge--yes">{t('agreementConsole.package.yes')}</span>
                      ) : (
                        <span className="badge badge--muted">{t('agreementConsole.package.notYet')}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3 className="compare__title">{t('agreementConsole.package.perItem')}</h3>
          <ul className="package-items" aria-label={t('agreementConsole.package.perItem')}>
            {distance.perItem.map((item) => (
              <ItemRow key={item.itemId ?? 'none'} item={item} numbers={numbers} />
            ))}
          </ul>
        </>
      )}
      {early.length > 0 && (
        <>
          <h3 className="compare__title">{t('agreementConsole.package.early')}</h3>
          <ul className="package-items">
            {early.map((entry) => {
              const status = earlyStatus(model, entry.itemId);
              const item = agendaItem(model, entry.itemId);
              return (
                <li key={entry.itemId} data-testid="package-early">
                  <strong>{item?.title ?? entry.implemented?.title ?? ''}</strong>{' '}
                  {entry.implemented ? (
                    <>
                      {t('agreementConsole.early.implemented')} <When at={entry.implemented.at} />
                    </>
                  ) : (
                    t('agreementConsole.package.earlyWaiting', {
                      parties: (status?.waitingFor ?? []).map((p) => partyName(view, p)).join(', '),
                    })
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}

function ItemRow({ item, numbers }: { item: ItemDistance; numbers: (ids: string[]) => string }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const entry = item.itemId ? agendaItem(view.agreement, item.itemId) : null;
  const title = entry
    ? t('agreementConsole.agenda.itemLabel', { number: entry.number, title: entry.title })
    : t('agreementConsole.package.noItem');
  return (
    <li
      className={`package-item ${item.clean ? 'package-item--clean' : ''}`}
      data-testid="package-item"
      data-clean={item.clean}
    >
      <strong>{title}</strong>{' '}
      {item.clauseIds.length === 0 ? (
        <span className="field__help">{t('agreementConsole.package.noClauses')}</span>
      ) : item.clean ? (
        <span className="badge badge--yes">{t('agreementConsole.package.clean')}</span>
      ) : (
        <ul>
          {item.notAgreed.length > 0 && (
            <li>{t('agreementConsole.package.clausesNotAgreed', { clauses: numbers(item.notAgreed) })}</li>
          )}
          {item.notLivedWith.map((entry) => (
            <li key={entry.clauseId}>
              {t('agreementConsole.package.notLivedWith', {
                clause: numbers([entry.clauseId]),
                parties: entry.partyIds.map((p) => partyName(view, p)).join(', '),
              })}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
