import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementBundle } from '../../../../shared/src/agreement.js';
import { publishedSummaries } from '../../api/selectors.js';
import type { Milestone } from '../../api/talks-view.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Panel } from '../../components/Panel.js';
import { useTalks } from '../../components/talks-context.js';
import { When } from '../../components/When.js';
import { AgreementPrint } from '../room/agreement/AgreementPrint.js';
import { GalleryAgreement } from './GalleryAgreement.js';

/** What observers may read: published summaries, the public milestones and the concluded agreement. Nothing else. */
export function Gallery() {
  const { t } = useTranslation();
  const { view } = useTalks();
  const [printing, setPrinting] = useState<AgreementBundle | null>(null);
  const summaries = publishedSummaries(view);
  const milestones = [...view.milestones].reverse();
  if (printing)
    return (
      <main className="gallery">
        <AgreementPrint bundle={printing} onClose={() => setPrinting(null)} />
      </main>
    );
  return (
    <main className="gallery">
      <div className="room__banner">
        <h1 className="room__title">{t('gallery.title', { title: view.talks?.title ?? '' })}</h1>
        <p className="gallery__about">{t('gallery.about')}</p>
      </div>
      <div className="gallery__grid">
        <Panel title={t('gallery.summaries')} tone="gallery">
          {summaries.length === 0 ? (
            <EmptyState>{t('gallery.noSummaries')}</EmptyState>
          ) : (
            <ol className="stack" aria-label={t('gallery.summaries')}>
              {summaries.map((summary) => (
                <li key={summary.summaryId}>
                  <article className="card card--published">
                    <div className="card__meta">
                      <span className="badge badge--published">{t('summaries.published')}</span>{' '}
                      {summary.publishedAt && <When at={summary.publishedAt} />}
                    </div>
                    <p className="card__text">{summary.text}</p>
                  </article>
                </li>
              ))}
            </ol>
          )}
        </Panel>
        <Panel title={t('agreementRoom.gallery.title')} tone="gallery">
          <GalleryAgreement onPrint={setPrinting} />
        </Panel>
        <Panel title={t('gallery.timeline')} tone="gallery">
          {milestones.length === 0 ? (
            <EmptyState>{t('gallery.noMilestones')}</EmptyState>
          ) : (
            <ol className="timeline" aria-label={t('gallery.timeline')}>
              {milestones.map((milestone) => (
                <li key={milestone.id} className={`timeline__item timeline__item--${milestone.kind}`}>
                  <When at={milestone.at} />
                  <p className="timeline__text">
                    <MilestoneText milestone={milestone} />
                  </p>
                </li>
              ))}
            </ol>
          )}
        </Panel>
      </div>
    </main>
  );
}

function MilestoneText({ milestone }: { milestone: Milestone }) {
  const { t } = useTranslation();
  switch (milestone.kind) {
    case 'opened':
      return <>{t('gallery.milestone.opened', { title: milestone.title })}</>;
    case 'phase':
      return (
        <>
          {t('gallery.milestone.phase', {
            from: t(`phases.${milestone.from}.name`),
            to: t(`phases.${milestone.to}.name`),
          })}
        </>
      );
    case 'published':
      return <>{t('gallery.milestone.published')}</>;
  }
}
