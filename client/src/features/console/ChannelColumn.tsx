import { useTranslation } from 'react-i18next';
import type { Audience } from '../../../../shared/src/model.js';
import type { Command } from '../../../../shared/src/commands.js';
import { messagesIn } from '../../api/selectors.js';
import { Composer } from '../../components/Composer.js';
import { MessageList } from '../../components/MessageList.js';
import { useTalks } from '../../components/talks-context.js';

/** A plain message channel as a console column: the mediators' notes, or the joint session. */
export function ChannelColumn({
  audience,
  title,
  empty,
  composerLabel,
  visibleTo,
  toCommand,
  disabledReason,
  tone,
}: {
  audience: Audience;
  title: string;
  empty: string;
  composerLabel: string;
  visibleTo: string;
  toCommand: (text: string) => Command;
  disabledReason?: string;
  tone: 'mediation' | 'joint';
}) {
  const { t } = useTranslation();
  const { view } = useTalks();
  return (
    <section className={`column column--${tone}`} aria-label={title}>
      <header className="column__header">
        <h3 className="column__title">{title}</h3>
      </header>
      <div className="column__feed">
        <MessageList
          messages={messagesIn(view, audience)}
          empty={empty}
          label={t('common.messagesIn', { place: title })}
        />
      </div>
      <div className="column__footer">
        <Composer
          tone={tone}
          label={composerLabel}
          visibleTo={visibleTo}
          toCommand={toCommand}
          disabledReason={disabledReason}
        />
      </div>
    </section>
  );
}
