import { useTranslation } from 'react-i18next';

/** The audience line every composer carries: who will read what is typed here. */
export function VisibleTo({ who, id }: { who: string; id?: string }) {
  const { t } = useTranslation();
  return (
    <p className="visible-to" id={id}>
      <svg
        className="visible-to__icon"
        viewBox="0 0 24 16"
        width="18"
        height="12"
        aria-hidden="true"
        focusable="false"
      >
        <path
          d="M12 1C6.5 1 2.3 4.6 1 8c1.3 3.4 5.5 7 11 7s9.7-3.6 11-7c-1.3-3.4-5.5-7-11-7z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
        />
        <circle cx="12" cy="8" r="3.2" fill="currentColor" />
      </svg>
      <span>{t('common.visibleTo', { who })}</span>
    </p>
  );
}
