import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConveyanceId } from '../../../../shared/src/ids.js';
import { LIMITS, type Disclosure, type Stance } from '../../../../shared/src/model.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { DisclosureChoice } from '../../components/DisclosureChoice.js';
import { useCommand } from '../../components/use-command.js';
import { VisibleTo } from '../../components/VisibleTo.js';

/** An answer to a conveyed proposal: the stance chosen, a text, and its disclosure. */
export function ResponseForm({
  conveyanceId,
  stance,
  onDone,
}: {
  conveyanceId: ConveyanceId;
  stance: Stance;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const handle = useCommand({ onSuccess: () => onDone() });
  const id = useId();
  const [text, setText] = useState('');
  const [disclosure, setDisclosure] = useState<Disclosure | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return setProblem(t('submit.needText'));
    if (!disclosure) return setProblem(t('submit.needDisclosure'));
    setProblem(null);
    await handle.run({
      type: 'response.create',
      payload: { conveyanceId, stance, text: text.trim(), disclosure },
    });
  };

  return (
    <form
      className="response-form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={t(`respond.formLabel.${stance}`)}
    >
      <label className="composer__label" htmlFor={`${id}-text`}>
        {t(`respond.textLabel.${stance}`)}
      </label>
      <VisibleTo who={t('audience.submission')} id={`${id}-audience`} />
      <textarea
        id={`${id}-text`}
        rows={3}
        value={text}
        maxLength={LIMITS.maxTextChars}
        aria-describedby={`${id}-audience`}
        readOnly={handle.status.state === 'pending'}
        onChange={(event) => setText(event.target.value)}
      />
      <DisclosureChoice value={disclosure} onChange={setDisclosure} />
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="composer__actions">
        <button type="button" className="button button--quiet" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={handle.status.state === 'pending'}>
          {t(`respond.submit.${stance}`)}
        </button>
        <CommandStatusLine handle={handle} />
      </div>
    </form>
  );
}
