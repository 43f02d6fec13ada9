import { useTranslation } from 'react-i18next';
import type { Disclosure } from '../../../shared/src/model.js';

/** The disclosure of a text, as a badge and, unless `compact`, its meaning in words. */
export function DisclosureBadge({
  disclosure,
  compact = false,
}: {
  disclosure: Disclosure;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <span className="disclosure">
      <span className={`badge badge--${disclosure}`}>{t(`disclosure.${disclosure}.label`)}</span>
      {!compact && <span className="disclosure__meaning">{t(`disclosure.${disclosure}.meaning`)}</span>}
    </span>
  );
}
