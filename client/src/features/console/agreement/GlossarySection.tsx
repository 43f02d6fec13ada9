import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type ClauseState, type LanguageTexts } from '../../../../../shared/src/model.js';
import type { TermEntry } from '../../agreement/agreement-model.js';
import { EmptyState } from '../../../components/EmptyState.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import type { AgreementGate } from './agreement-gate.js';
import { FormActions } from './AgreementStatusLine.js';
import { BlockedNotice } from './BlockedNotice.js';
import { trimmedTexts } from './clause-draft.js';
import { LanguageFields } from './ClauseEditor.js';
import { StateBadge } from './StateBadge.js';
import { TextsSideBySide } from './TextsSideBySide.js';
import { sameJson } from '../../../../../shared/src/same-json.js';

const EMPTY: LanguageTexts = { en: '', uk: '', ru: '' };
const TERM_STATES = ['open', 'provisionally-agreed', 'agreed'] as const satisfies readonly ClauseState[];

/** The glossary ([LNG2]): each term and its definition in every language, agreed like clauses. */
export function GlossarySection({ gate }: { gate: AgreementGate }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const [defining, setDefining] = useState(false);
  const terms = view.agreement.glossary;
  return (
    <div className="agreement-section" data-testid="glossary-section">
      <BlockedNotice block={gate.text} />
      {gate.text === null &&
        (defining ? (
          <TermEditor term={null} onDone={() => setDefining(false)} />
        ) : (
          <button type="button" className="button button--primary" onClick={() => setDefining(true)}>
            {t('agreementConsole.glossary.define')}
          </button>
        ))}
      {terms.length === 0 ? (
        <EmptyState>{t('agreementConsole.glossary.empty')}</EmptyState>
      ) : (
        <ul className="agreement-list" aria-label={t('agreementConsole.glossary.listLabel')}>
          {terms.map((term) => (
            <li key={term.termId}>
              <TermCard term={term} editable={gate.text === null} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TermCard({ term, editable }: { term: TermEntry; editable: boolean }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const [editing, setEditing] = useState(false);
  const name = term.term.en || term.term.uk || term.term.ru;
  const authentic = view.agreement.authenticLanguage;
  return (
    <article
      className="card card--term"
      aria-label={t('agreementConsole.glossary.termLabel', { term: name })}
      data-testid="glossary-term"
    >
      <header className="card__header">
        <h3 className="card__title">{name}</h3>
        <StateBadge state={term.state} />
        {editable && !editing && (
          <button type="button" className="button button--small" onClick={() => setEditing(true)}>
            {t('agreementConsole.glossary.edit')}
          </button>
        )}
      </header>
      {editing ? (
        <TermEditor term={term} onDone={() => setEditing(false)} />
      ) : (
        <>
          <TextsSideBySide
            texts={term.term}
            authentic={authentic}
            label={t('agreementConsole.glossary.term')}
          />
          <TextsSideBySide
            texts={term.definition}
            authentic={authentic}
            label={t('agreementConsole.glossary.definition')}
          />
          {editable && <TermStateControl term={term} />}
        </>
      )}
    </article>
  );
}

function TermStateControl({ term }: { term: TermEntry }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const handle = useCommand();
  const id = useId();
  const authentic = view.agreement.authenticLanguage;
  const [to, setTo] = useState<ClauseState>(term.state === 'agreed' ? 'open' : 'agreed');
  const problem =
    to === term.state
      ? 'same'
      : to !== 'open' && (term.term[authentic] === '' || term.definition[authentic] === '')
        ? 'noAuthentic'
        : null;
  return (
    <form
      className="agreement-form agreement-form--inline"
      aria-label={t('agreementConsole.glossary.stateLabel')}
      onSubmit={(event) => {
        event.preventDefault();
        if (!problem)
          void handle.run({ type: 'glossary.setState', payload: { termId: term.termId, state: to } });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-state`}>{t('agreementConsole.state.label')}</label>
        <select id={`${id}-state`} value={to} onChange={(event) => setTo(event.target.value as ClauseState)}>
          {TERM_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`agreementConsole.states.${state}`)}
            </option>
          ))}
        </select>
      </div>
      <FormActions
        handle={handle}
        submitLabel={t('agreementConsole.state.apply')}
        canSubmit={problem === null}
        reason={
          problem &&
          t(`agreementConsole.glossary.problems.${problem}`, {
            state: t(`agreementConsole.states.${to}`),
            language: t(`agreementConsole.languages.${authentic}`),
          })
        }
      />
    </form>
  );
}

function TermEditor({ term, onDone }: { term: TermEntry | null; onDone: () => void }) {
  const { t } = useTranslation();
  const handle = useCommand();
  const id = useId();
  const [words, setWords] = useState<LanguageTexts>(term?.term ?? EMPTY);
  const [definition, setDefinition] = useState<LanguageTexts>(term?.definition ?? EMPTY);
  const hasTerm = Object.values(words).some((w) => w.trim() !== '');
  const unchanged =
    term !== null && sameJson([trimmedTexts(words), trimmedTexts(definition)], [term.term, term.definition]);
  const problem = !hasTerm ? 'noTerm' : unchanged ? 'unchanged' : null;
  const heading = term ? t('agreementConsole.glossary.editTitle') : t('agreementConsole.glossary.newTitle');

  const save = async () => {
    const outcome = await handle.run({
      type: 'glossary.define',
      payload: {
        ...(term ? { termId: term.termId } : {}),
        term: trimmedTexts(words),
        definition: trimmedTexts(definition),
      },
    });
    if (outcome.ok) onDone();
  };

  return (
    <form
      className="agreement-form"
      aria-label={heading}
      data-testid="term-editor"
      onSubmit={(event) => {
        event.preventDefault();
        if (!problem) void save();
      }}
    >
      <h3 className="clause-editor__title">{heading}</h3>
      <LanguageFields
        idPrefix={`${id}-term`}
        legend={t('agreementConsole.glossary.term')}
        texts={words}
        onChange={setWords}
        rows={1}
        maxLength={LIMITS.maxTermChars}
        labelFor={(language) =>
          t('agreementConsole.glossary.termIn', { language: t(`agreementConsole.languages.${language}`) })
        }
      />
      <LanguageFields
        idPrefix={`${id}-definition`}
        legend={t('agreementConsole.glossary.definition')}
        texts={definition}
        onChange={setDefinition}
        labelFor={(language) =>
          t('agreementConsole.glossary.definitionIn', {
            language: t(`agreementConsole.languages.${language}`),
          })
        }
      />
      {problem && <p className="blocked-reason">{t(`agreementConsole.glossary.problems.${problem}`)}</p>}
      <FormActions
        handle={handle}
        submitLabel={t('agreementConsole.glossary.save')}
        canSubmit={problem === null}
        primary
        onCancel={onDone}
      />
    </form>
  );
}
