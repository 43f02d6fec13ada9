import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../shared/src/ids.js';
import { LIMITS, type Role } from '../../../../shared/src/model.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { useTalks } from '../../components/talks-context.js';
import { useCommand } from '../../components/use-command.js';
import { CopyLink } from './CopyLink.js';

const INVITABLE: Role[] = ['head', 'delegate', 'observer', 'co-mediator'];

export interface CreatedInvite {
  inviteId: string;
  url: string;
}

const isCreated = (value: unknown): value is CreatedInvite =>
  typeof value === 'object' &&
  value !== null &&
  'url' in value &&
  typeof value.url === 'string' &&
  'inviteId' in value;

/** Creates an invite link; the link is shown once, here, with a copy button. */
export function InviteForm({ onCreated }: { onCreated: (invite: CreatedInvite) => void }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const handle = useCommand();
  const id = useId();
  const parties = view.talks?.parties ?? [];
  const [role, setRole] = useState<Role>('head');
  const [partyId, setPartyId] = useState<string>(parties[0]?.id ?? '');
  const [hours, setHours] = useState(String(LIMITS.defaultInviteHours));
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const needsParty = role !== 'co-mediator';
  const chosenParty = partyId || parties[0]?.id || '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const expiresInHours = Math.min(
      LIMITS.maxInviteHours,
      Math.max(1, Math.round(Number(hours) || LIMITS.defaultInviteHours)),
    );
    const payload = needsParty
      ? { role, partyId: chosenParty as PartyId, expiresInHours }
      : { role, expiresInHours };
    const outcome = await handle.run({ type: 'member.invite', payload });
    if (outcome.ok && isCreated(outcome.result)) {
      setCreated(outcome.result);
      onCreated(outcome.result);
    }
  };

  return (
    <form className="invite-form" onSubmit={(event) => void submit(event)}>
      <div className="invite-form__fields">
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('members.invite.role')}</label>
          <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {INVITABLE.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {needsParty && (
          <div className="field">
            <label htmlFor={`${id}-party`}>
              {role === 'observer' ? t('members.invite.sponsor') : t('members.invite.party')}
            </label>
            <select
              id={`${id}-party`}
              value={chosenParty}
              onChange={(event) => setPartyId(event.target.value)}
            >
              {parties.map((party) => (
                <option key={party.id} value={party.id}>
                  {party.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field field--narrow">
          <label htmlFor={`${id}-hours`}>{t('members.invite.hours')}</label>
          <input
            id={`${id}-hours`}
            type="number"
            min={1}
            max={LIMITS.maxInviteHours}
            value={hours}
            onChange={(event) => setHours(event.target.value)}
          />
        </div>
      </div>
      <p className="field__help">{t(`members.invite.about.${role}`)}</p>
      <div className="invite-form__actions">
        <button type="submit" className="button button--primary" disabled={handle.status.state === 'pending'}>
          {t('members.invite.create')}
        </button>
        <CommandStatusLine handle={handle} doneText={t('members.invite.created')} />
      </div>
      {created && <CopyLink url={created.url} label={t('members.invite.link')} />}
    </form>
  );
}
