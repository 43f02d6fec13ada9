import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaItemEntry } from '../../agreement/agreement-model.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { AgendaLinkForm } from './AgendaLinkForm.js';
import type { AgreementGate } from './agreement-gate.js';
import { AgendaItemFields } from './AgendaItemFields.js';
import { FormActions } from './AgreementStatusLine.js';
import { EarlyImplementation } from './EarlyImplementation.js';
import { excerpt, linkTargets } from './link-targets.js';

/** One agenda item: its wording (editable), what it is linked to, and early implementation. */
export function AgendaItemCard({ item, gate }: { item: AgendaItemEntry; gate: AgreementGate }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const [editing, setEditing] = useState(false);
  const targets = linkTargets(view, (number) => t('agreementConsole.clause.number', { number }));
  return (
    <article
      className="card card--agenda"
      aria-label={t('agreementConsole.agenda.itemLabel', { number: item.number, title: item.title })}
      data-testid={`agenda-item-${item.number}`}
    >
      <header className="card__header">
        <span className="card__kind">{t('agreementConsole.agenda.item', { number: item.number })}</span>
        <h3 className="card__title">{item.title}</h3>
        {gate.agenda === null && !editing && (
          <button type="button" className="button button--small" onClick={() => setEditing(true)}>
            {t('agreementConsole.agenda.edit')}
          </button>
        )}
      </header>
      {editing ? (
        <EditAgendaItem item={item} onDone={() => setEditing(false)} />
      ) : (
        item.description && <p className="card__text">{item.description}</p>
      )}
      <div className="agenda-links">
        <h4 className="agenda-links__title">{t('agreementConsole.links.title')}</h4>
        {item.links.length === 0 ? (
          <p className="field__help">{t('agreementConsole.links.none')}</p>
        ) : (
          <ul className="agenda-links__list" aria-label={t('agreementConsole.links.title')}>
            {item.links.map((link) => {
              const target = targets.find((c) => c.kind === link.kind && c.targetId === link.targetId);
              return (
                <li key={`${link.kind}-${link.targetId}`} data-kind={link.kind}>
                  <span className="badge">{t(`agreementConsole.links.kinds.${link.kind}`)}</span>{' '}
                  {target ? (
                    <>
                      <strong>{target.owner}</strong>: {excerpt(target.text)}
                    </>
                  ) : (
                    <span className="field__help">{t('agreementConsole.links.unknown')}</span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {gate.agenda === null && <AgendaLinkForm item={item} targets={targets} />}
      </div>
      <EarlyImplementation item={item} block={gate.early} />
    </article>
  );
}

function EditAgendaItem({ item, onDone }: { item: AgendaItemEntry; onDone: () => void }) {
  const { t } = useTranslation();
  const handle = useCommand({ onSuccess: () => onDone() });
  const [title, setTitle] = useState(item.title);
  const [description, setDescription] = useState(item.description);
  const changed = title.trim() !== item.title || description.trim() !== item.description;

  const save = async () => {
    await handle.run({
      type: 'agenda.update',
      payload: { itemId: item.itemId, title: title.trim(), description: description.trim() },
    });
  };

  return (
    <form
      className="agreement-form"
      aria-label={t('agreementConsole.agenda.editLabel', { number: item.number })}
      onSubmit={(event) => {
        event.preventDefault();
        if (changed && title.trim()) void save();
      }}
    >
      <AgendaItemFields
        title={title}
        description={description}
        onTitle={setTitle}
        onDescription={setDescription}
      />
      <FormActions
        handle={handle}
        submitLabel={t('agreementConsole.agenda.save')}
        canSubmit={changed && title.trim() !== ''}
        primary
        onCancel={onDone}
      />
    </form>
  );
}
