import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/EmptyState.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { AgendaItemCard } from './AgendaItemCard.js';
import { type AgreementGate } from './agreement-gate.js';
import { AgendaItemFields } from './AgendaItemFields.js';
import { FormActions } from './AgreementStatusLine.js';
import { BlockedNotice } from './BlockedNotice.js';

/** The agenda: items every delegation sees, and the mediators' private links to whose words concern each. */
export function AgendaSection({ gate }: { gate: AgreementGate }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const items = view.agreement.agenda;
  return (
    <div className="agreement-section" data-testid="agenda-section">
      <BlockedNotice block={gate.agenda} />
      {gate.agenda === null && <AddAgendaItem />}
      {items.length === 0 ? (
        <EmptyState>{t('agreementConsole.agenda.empty')}</EmptyState>
      ) : (
        <ol className="agreement-list" aria-label={t('agreementConsole.agenda.listLabel')}>
          {items.map((item) => (
            <li key={item.itemId}>
              <AgendaItemCard item={item} gate={gate} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function AddAgendaItem() {
  const { t } = useTranslation();
  const handle = useCommand({
    onSuccess: () => {
      setTitle('');
      setDescription('');
    },
  });
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');

  const add = async () => {
    await handle.run({
      type: 'agenda.add',
      payload: { title: title.trim(), description: description.trim() },
    });
  };

  return (
    <form
      className="agreement-form"
      aria-label={t('agreementConsole.agenda.addLabel')}
      onSubmit={(event) => {
        event.preventDefault();
        if (title.trim()) void add();
      }}
    >
      <p className="visible-to-line">{t('agreementConsole.agenda.visibleTo')}</p>
      <AgendaItemFields
        title={title}
        description={description}
        onTitle={setTitle}
        onDescription={setDescription}
      />
      <FormActions
        handle={handle}
        submitLabel={t('agreementConsole.agenda.add')}
        canSubmit={title.trim() !== ''}
        primary
        doneText={t('agreementConsole.agenda.added')}
      />
    </form>
  );
}
