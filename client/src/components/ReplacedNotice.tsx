import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Shown when the server closed this window's connection because the member opened
 * Parley in more windows or devices than allowed. It does not reconnect by itself
 * (that would close the other window, which would do the same); the person chooses.
 */
export function ReplacedNotice({ onResume }: { onResume: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="notice replaced-notice" role="alert" aria-labelledby="replaced-title">
      <h2 id="replaced-title" ref={heading} tabIndex={-1}>
        {t('openElsewhere.title')}
      </h2>
      <p>{t('openElsewhere.body')}</p>
      <button type="button" onClick={onResume}>
        {t('openElsewhere.resume')}
      </button>
    </section>
  );
}
