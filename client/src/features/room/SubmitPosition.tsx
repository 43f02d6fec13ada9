import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type Disclosure } from '../../../../shared/src/model.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { DisclosureChoice } from '../../components/DisclosureChoice.js';
import { useCommand } from '../../components/use-command.js';
import { usePhaseBlock } from '../../components/use-phase-block.js';
import { VisibleTo } from '../../components/VisibleTo.js';

/** A position for the mediator, with an explicit choice of what the mediator may do with it. */
export function SubmitPosition() {
  const { t } = useTranslation();
  const handle = useCommand({
    onSuccess: () => {
      setText('');
      setDisclosure(null);
    },
  });
  const id = useId();
  const [text, setText] = useState('');
  const [disclosure, setDisclosure] = useState<Disclosure | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const blocked = usePhaseBlock('submit');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    if (!text.trim()) return setProblem(t('submit.needText'));
    if (!disclosure) return setProblem(t('submit.needDisclosure'));
    setProblem(null);
    await handle.run({
      type: 'submission.create',
      payload: { text: text.trim(), disclosure },
    });
  };

  return (
    <form className="submit-position" onSubmit={(event) => void submit(event)} noValidate>
      <label className="composer__label" htmlFor={`${id}-text`}>
        {t('submit.label')}
      </label>
      <VisibleTo who={t('audience.submission')} id={`${id}-audience`} />
      <textarea
        id={`${id}-text`}
        rows={4}
        value={text}
        maxLength={LIMITS.maxTextChars}
        aria-describedby={`${id}-audience${blocked ? ` ${id}-blocked` : ''}`}
        readOnly={handle.status.state === 'pending'}
        disabled={blocked !== undefined}
        onChange={(event) => setText(event.target.value)}
      />
      {blocked && (
        <p className="composer__blocked" id={`${id}-blocked`}>
          {blocked}
        </p>
      )}
      <DisclosureChoice value={disclosure} onChange={setDisclosure} />
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="composer__actions">
        <button type="submit" className="button button--primary" disabled={handle.status.state === 'pending' || blocked !== undefined}>
          {t('submit.submit')}
        </button>
        <CommandStatusLine handle={handle} doneText={t('submit.done')} />
      </div>
    </form>
  );
}
