import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alternative } from '../../../../../shared/src/events.js';
import type { AgendaItemId } from '../../../../../shared/src/ids.js';
import { LANGUAGES, LIMITS, type LanguageTexts } from '../../../../../shared/src/model.js';
import type { ClauseEntry } from '../../agreement/agreement-model.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { FormActions } from './AgreementStatusLine.js';
import { draftProblem, trimmedTexts, type DraftWording } from './clause-draft.js';

const EMPTY: LanguageTexts = { en: '', uk: '', ru: '' };

/**
 * Drafts a new clause or redrafts one, in English, Ukrainian and Russian side by side,
 * with bracketed alternative wordings when the parties' positions still differ.
 */
export function ClauseEditor({ clause, onDone }: { clause: ClauseEntry | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const handle = useCommand({ onSuccess: () => onDone() });
  const id = useId();
  const [texts, setTexts] = useState<LanguageTexts>(clause?.texts ?? EMPTY);
  const [items, setItems] = useState<AgendaItemId[]>(clause?.agendaItemIds ?? []);
  const [wordings, setWordings] = useState<DraftWording[]>(
    (clause?.alternatives ?? []).map((a, index) => ({ key: index, label: a.label, texts: a.texts })),
  );
  const [nextKey, setNextKey] = useState(wordings.length);
  const problem = draftProblem(texts, wordings, clause, items);
  const heading = clause
    ? t('agreementConsole.editor.redraftTitle', { number: clause.number })
    : t('agreementConsole.editor.newTitle');

  const save = async () => {
    const alternatives: Alternative[] = wordings.map((w) => ({
      label: w.label.trim(),
      texts: trimmedTexts(w.texts),
    }));
    await handle.run({
      type: 'text.draftClause',
      payload: {
        ...(clause ? { clauseId: clause.clauseId } : {}),
        agendaItemIds: items,
        texts: trimmedTexts(texts),
        alternatives,
      },
    });
  };

  const setWording = (key: number, change: Partial<DraftWording>) =>
    setWordings((list) => list.map((w) => (w.key === key ? { ...w, ...change } : w)));

  return (
    <form
      className="agreement-form clause-editor"
      aria-label={heading}
      data-testid="clause-editor"
      onSubmit={(event) => {
        event.preventDefault();
        if (!problem) void save();
      }}
    >
      <h3 className="clause-editor__title">{heading}</h3>
      <p className="visible-to-line">{t('agreementConsole.editor.private')}</p>
      {view.agreement.agenda.length > 0 && (
        <fieldset className="clause-editor__items">
          <legend>{t('agreementConsole.editor.items')}</legend>
          {view.agreement.agenda.map((item) => (
            <label key={item.itemId} className="checkbox">
              <input
                type="checkbox"
                checked={items.includes(item.itemId)}
                onChange={(event) =>
                  setItems((list) =>
                    event.target.checked ? [...list, item.itemId] : list.filter((i) => i !== item.itemId),
                  )
                }
              />{' '}
              {t('agreementConsole.agenda.itemLabel', { number: item.number, title: item.title })}
            </label>
          ))}
        </fieldset>
      )}
      <LanguageFields
        idPrefix={`${id}-main`}
        legend={t('agreementConsole.editor.wording')}
        texts={texts}
        onChange={setTexts}
        labelFor={(language) =>
          t('agreementConsole.editor.textIn', { language: t(`agreementConsole.languages.${language}`) })
        }
      />
      <fieldset className="clause-editor__alternatives">
        <legend>{t('agreementConsole.editor.alternatives')}</legend>
        <p className="field__help">{t('agreementConsole.editor.alternativesHelp')}</p>
        <p className="field__help">{t('bracketResolve.markHelp')}</p>
        {wordings.map((wording, index) => (
          <div
            key={wording.key}
            className="alternative-editor"
            data-testid={`alternative-editor-${index + 1}`}
          >
            <div className="field field--narrow">
              <label htmlFor={`${id}-alt-${wording.key}-label`}>
                {t('agreementConsole.editor.alternativeLabel', { index: index + 1 })}
              </label>
              <input
                id={`${id}-alt-${wording.key}-label`}
                value={wording.label}
                maxLength={LIMITS.maxLabelChars}
                onChange={(event) => setWording(wording.key, { label: event.target.value })}
              />
            </div>
            <LanguageFields
              idPrefix={`${id}-alt-${wording.key}`}
              texts={wording.texts}
              onChange={(next) => setWording(wording.key, { texts: next })}
              labelFor={(language) =>
                t('agreementConsole.editor.alternativeIn', {
                  index: index + 1,
                  language: t(`agreementConsole.languages.${language}`),
                })
              }
            />
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => setWordings((list) => list.filter((w) => w.key !== wording.key))}
            >
              {t('agreementConsole.editor.removeAlternative', { index: index + 1 })}
            </button>
          </div>
        ))}
        {wordings.length < LIMITS.maxAlternatives && (
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setWordings((list) => [
                ...list,
                { key: nextKey, label: String.fromCharCode(65 + list.length), texts: EMPTY },
              ]);
              setNextKey((k) => k + 1);
            }}
          >
            {t('agreementConsole.editor.addAlternative')}
          </button>
        )}
      </fieldset>
      {clause && <p className="field__help">{t('agreementConsole.editor.reopens')}</p>}
      {problem && (
        <p className="blocked-reason" data-testid="clause-editor-problem">
          {t(`agreementConsole.editor.problems.${problem}`)}
        </p>
      )}
      <FormActions
        handle={handle}
        submitLabel={clause ? t('agreementConsole.editor.saveRedraft') : t('agreementConsole.editor.saveNew')}
        canSubmit={problem === null}
        primary
        onCancel={onDone}
      />
    </form>
  );
}

/** Three text areas, one per language, side by side. */
export function LanguageFields({
  idPrefix,
  legend,
  texts,
  onChange,
  labelFor,
  rows = 3,
  maxLength = LIMITS.maxTextChars,
}: {
  idPrefix: string;
  legend?: string;
  texts: LanguageTexts;
  onChange: (texts: LanguageTexts) => void;
  labelFor: (language: (typeof LANGUAGES)[number]) => string;
  rows?: number;
  maxLength?: number;
}) {
  const fields = (
    <div className="language-fields">
      {LANGUAGES.map((language) => (
        <div key={language} className="field" lang={language}>
          <label htmlFor={`${idPrefix}-${language}`}>{labelFor(language)}</label>
          <textarea
            id={`${idPrefix}-${language}`}
            rows={rows}
            value={texts[language]}
            maxLength={maxLength}
            onChange={(event) => onChange({ ...texts, [language]: event.target.value })}
          />
        </div>
      ))}
    </div>
  );
  return legend ? (
    <fieldset className="language-fieldset">
      <legend>{legend}</legend>
      {fields}
    </fieldset>
  ) : (
    fields
  );
}
