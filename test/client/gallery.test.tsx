import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SummaryId } from '../../shared/src/ids.js';
import { Gallery } from '../../client/src/features/gallery/Gallery.js';
import { EventFactory, seededId } from './support/events.js';
import { missingKeys } from './support/missing-keys.js';
import { member, renderWithTalks } from './support/render.js';

afterEach(cleanup);

const observer = member('observer', 'Olga Observer');

describe('the observer gallery', () => {
  it('shows published summaries and the milestones as a timeline', () => {
    const f = new EventFactory();
    const summaryId = seededId<SummaryId>();
    renderWithTalks(<Gallery />, {
      me: observer,
      events: [
        f.opened('Harbour talks'),
        f.event('phase.changed', 'gallery', { from: 'pre-negotiation', to: 'negotiation' }),
        f.event('summary.published', 'gallery', { summaryId, text: 'Both sides will meet in Geneva.' }),
      ],
    });
    expect(screen.getByRole('heading', { level: 1, name: 'Harbour talks: public record' })).toBeTruthy();
    const summaries = screen.getByRole('list', { name: 'Published summaries' });
    expect(within(summaries).getByText('Both sides will meet in Geneva.')).toBeTruthy();
    const timeline = screen.getByRole('list', { name: 'Milestones' });
    expect(
      within(timeline)
        .getAllByRole('listitem')
        .map((item) => item.querySelector('p')?.textContent),
    ).toEqual([
      'A summary was published.',
      'Phase changed from Pre-negotiation to Negotiation.',
      'The talks "Harbour talks" were opened.',
    ]);
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(missingKeys()).toEqual([]);
  });

  it('says what will appear when nothing is published yet', () => {
    const f = new EventFactory();
    renderWithTalks(<Gallery />, { me: observer, events: [f.opened()] });
    expect(
      screen.getByText(
        /Nothing has been published yet\. Summaries appear here once every party has approved them/,
      ),
    ).toBeTruthy();
  });
});
