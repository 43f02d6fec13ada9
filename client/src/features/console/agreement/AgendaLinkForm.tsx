import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../../../shared/src/commands.js';
import { AGENDA_LINK_KINDS, type AgendaLinkKind } from '../../../../../shared/src/model.js';
import type { AgendaItemEntry } from '../../agreement/agreement-model.js';
import { useCommand } from '../../../components/use-command.js';
import { FormActions } from './AgreementStatusLine.js';
import { excerpt, unlinkedTargets, type LinkTarget } from './link-targets.js';

type LinkPayload = Extract<Command, { type: 'agenda.link' }>['payload'];

/** The payload names exactly one target, by the field of its kind. */
function linkPayload(itemId: AgendaItemEntry['itemId'], kind: AgendaLinkKind, targetId: string): LinkPayload {
  switch (kind) {
    case 'submission':
      return { itemId, submissionId: targetId };
    case 'response':
      return { itemId, responseId: targetId };
    case 'conveyance':
      return { itemId, conveyanceId: targetId };
    case 'clause':
      return { itemId, clauseId: targetId };
  }
}

/** Links an item to one submission, response, conveyance or clause: the mediators' own index. */
export function AgendaLinkForm({ item, targets }: { item: AgendaItemEntry; targets: LinkTarget[] }) {
  const { t } = useTranslation();
  const handle = useCommand({ onSuccess: () => setTargetId('') });
  const id = useId();
  const [kind, setKind] = useState<AgendaLinkKind>('submission');
  const [targetId, setTargetId] = useState('');
  const candidates = unlinkedTargets(targets, item, kind);
  const chosen = candidates.some((c) => c.targetId === targetId) ? targetId : (candidates[0]?.targetId ?? '');

  const link = async () => {
    await handle.run({
      type: 'agenda.link',
      payload: linkPayload(item.itemId, kind, chosen),
    });
  };

  return (
    <form
      className="agreement-form agreement-form--inline"
      aria-label={t('agreementConsole.links.formLabel', { number: item.number })}
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen) void link();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('agreementConsole.links.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as AgendaLinkKind);
            setTargetId('');
          }}
        >
          {AGENDA_LINK_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`agreementConsole.links.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--grow">
        <label htmlFor={`${id}-target`}>{t('agreementConsole.links.target')}</label>
        {candidates.length === 0 ? (
          <p className="field__help" id={`${id}-target`}>
            {t('agreementConsole.links.noCandidates')}
          </p>
        ) : (
          <select id={`${id}-target`} value={chosen} onChange={(event) => setTargetId(event.target.value)}>
            {candidates.map((c) => (
              <option key={c.targetId} value={c.targetId}>
                {`${c.owner}: ${excerpt(c.text)}`}
              </option>
            ))}
          </select>
        )}
      </div>
      <FormActions handle={handle} submitLabel={t('agreementConsole.links.link')} canSubmit={!!chosen} />
    </form>
  );
}
