import type { Alternative } from '../../../../../shared/src/events.js';
import { LANGUAGES, type LanguageTexts } from '../../../../../shared/src/model.js';
import { sameJson } from '../../../../../shared/src/same-json.js';

// The checks the server makes on a draft ([TXT1], [TXT2]), made before sending so the
// mediator reads what is missing in their own language instead of a refusal.

export interface DraftWording {
  /** Stable React key: labels change while typing. */
  key: number;
  label: string;
  texts: LanguageTexts;
}

export type DraftProblem = 'noWords' | 'oneAlternative' | 'noLabel' | 'sameLabel' | 'unchanged';

export const trimmedTexts = (texts: LanguageTexts): LanguageTexts => ({
  en: texts.en.trim(),
  uk: texts.uk.trim(),
  ru: texts.ru.trim(),
});

const hasWords = (texts: LanguageTexts): boolean => LANGUAGES.some((l) => texts[l].trim() !== '');

export function draftProblem(
  texts: LanguageTexts,
  wordings: DraftWording[],
  before: { texts: LanguageTexts; alternatives: Alternative[]; agendaItemIds: string[] } | null,
  items?: string[],
): DraftProblem | null {
  if (!hasWords(texts) && wordings.length === 0) return 'noWords';
  if (wordings.length === 1) return 'oneAlternative';
  if (wordings.some((w) => w.label.trim() === '')) return 'noLabel';
  const labels = new Set(wordings.map((w) => w.label.trim().toLowerCase()));
  if (labels.size !== wordings.length) return 'sameLabel';
  if (before) {
    const alternatives = wordings.map((w) => ({ label: w.label.trim(), texts: trimmedTexts(w.texts) }));
    const same =
      sameJson([trimmedTexts(texts), alternatives], [before.texts, before.alternatives]) &&
      (items === undefined || sameJson(items, before.agendaItemIds));
    if (same) return 'unchanged';
  }
  return null;
}
