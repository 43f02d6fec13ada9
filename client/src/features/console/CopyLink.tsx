import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A link in a read-only field with a copy button; falls back to selecting it for a manual copy. */
export function CopyLink({ url, label }: { url: string; label: string }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied('manual');
    }
  };

  return (
    <div className="copy-link">
      <label htmlFor={id}>{label}</label>
      <div className="copy-link__row">
        <input id={id} ref={input} readOnly value={url} onFocus={(event) => event.target.select()} />
        <button type="button" className="button" onClick={() => void copy()}>
          {t('members.copy')}
        </button>
      </div>
      <span role="status" aria-live="polite" className="copy-link__status">
        {copied === 'yes' ? t('members.copied') : copied === 'manual' ? t('members.copyManually') : ''}
      </span>
    </div>
  );
}
