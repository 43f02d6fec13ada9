import { useTranslation } from 'react-i18next';

/** A timestamp in the reader's language, with the exact instant for machines. */
export function When({ at }: { at: string }) {
  const { i18n } = useTranslation();
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return null;
  const text = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );
  return (
    <time className="when" dateTime={at}>
      {text}
    </time>
  );
}
