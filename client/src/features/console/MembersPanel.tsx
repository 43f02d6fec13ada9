import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { activeMembers, openInvites, partyName } from '../../api/selectors.js';
import type { InviteEntry, MemberEntry } from '../../api/talks-view.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useTalks } from '../../components/talks-context.js';
import { useCommand } from '../../components/use-command.js';
import { useNow } from '../../components/use-now.js';
import { When } from '../../components/When.js';
import { CopyLink } from './CopyLink.js';
import { InviteForm, type CreatedInvite } from './InviteForm.js';

/** Members and invites, for the lead mediator: invite, copy the link, revoke, remove. */
export function MembersPanel() {
  const { t } = useTranslation();
  const { view } = useTalks();
  // Links exist only in the answer to member.invite (the server keeps a hash), so
  // the ones made in this visit are remembered here to be copied again.
  const [links, setLinks] = useState<Record<string, string>>({});
  const now = useNow(60_000);
  const invites = openInvites(view, now);
  const members = activeMembers(view);
  const remember = (invite: CreatedInvite) => setLinks((all) => ({ ...all, [invite.inviteId]: invite.url }));

  return (
    <div className="members">
      <section className="members__section" aria-labelledby="invite-heading">
        <h3 id="invite-heading">{t('members.invite.title')}</h3>
        <InviteForm onCreated={remember} />
      </section>
      <section className="members__section" aria-labelledby="open-invites-heading">
        <h3 id="open-invites-heading">{t('members.openInvites')}</h3>
        {invites.length === 0 ? (
          <EmptyState>{t('members.noInvites')}</EmptyState>
        ) : (
          <ul className="rows">
            {invites.map((invite) => (
              <InviteRow key={invite.inviteId} invite={invite} url={links[invite.inviteId]} />
            ))}
          </ul>
        )}
      </section>
      <section className="members__section" aria-labelledby="members-heading">
        <h3 id="members-heading">{t('members.title')}</h3>
        {members.length === 0 ? (
          <EmptyState>{t('members.none')}</EmptyState>
        ) : (
          <ul className="rows">
            {members.map((member) => (
              <MemberRow key={member.id} member={member} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function InviteRow({ invite, url }: { invite: InviteEntry; url: string | undefined }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const revoke = useCommand();
  const party = partyName(view, invite.partyId ?? invite.sponsorPartyId);
  return (
    <li className="row">
      <div className="row__main">
        <strong>{t(`roles.${invite.role}`)}</strong>
        {party && <span className="row__party">{party}</span>}
        <span className="row__meta">
          {t('members.expires')} <When at={invite.expiresAt} />
        </span>
        {url && <CopyLink url={url} label={t('members.invite.link')} />}
      </div>
      <div className="row__actions">
        <button
          type="button"
          className="button button--danger"
          disabled={revoke.status.state === 'pending'}
          onClick={() => void revoke.run({ type: 'invite.revoke', payload: { inviteId: invite.inviteId } })}
        >
          {t('members.revoke')}
        </button>
        <CommandStatusLine handle={revoke} />
      </div>
    </li>
  );
}

function MemberRow({ member }: { member: MemberEntry }) {
  const { t } = useTranslation();
  const { view, me, snapshot } = useTalks();
  const remove = useCommand();
  const reentry = useCommand();
  const [confirming, setConfirming] = useState(false);
  // [MB8] The link is shown once, here, like an invite's.
  const reentryUrl =
    reentry.status.state === 'done' ? (reentry.status.result as { url?: string } | undefined)?.url : undefined;
  const party = partyName(view, member.partyId ?? member.sponsorPartyId);
  const online = snapshot.online?.has(member.id);
  return (
    <li className="row">
      <div className="row__main">
        {online !== undefined && (
          <span
            className={`presence__dot ${online ? 'is-online' : ''}`}
            title={online ? t('presence.isOnline') : t('presence.isOffline')}
          />
        )}
        <strong>{member.displayName}</strong>
        <span className="row__role">{t(`roles.${member.role}`)}</span>
        {party && <span className="row__party">{party}</span>}
        {member.id === me.id && <span className="badge badge--muted">{t('members.you')}</span>}
      </div>
      {member.id !== me.id && (
        <div className="row__actions">
          <button
            type="button"
            className="button button--quiet"
            disabled={reentry.status.state === 'pending'}
            onClick={() => void reentry.run({ type: 'member.offerReentry', payload: { memberId: member.id } })}
          >
            {t('reentry.offer', { name: member.displayName })}
          </button>{' '}
          {!confirming ? (
            <button type="button" className="button button--quiet" onClick={() => setConfirming(true)}>
              {t('members.remove', { name: member.displayName })}
            </button>
          ) : (
            <span className="confirm-inline" role="group" aria-label={t('members.confirmRemoveLabel')}>
              <span>{t('members.confirmRemove', { name: member.displayName })}</span>{' '}
              <button
                type="button"
                className="button button--danger"
                onClick={() => void remove.run({ type: 'member.remove', payload: { memberId: member.id } })}
              >
                {t('members.removeConfirm')}
              </button>{' '}
              <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </span>
          )}
          <CommandStatusLine handle={remove} />
          <CommandStatusLine handle={reentry} />
          {reentryUrl && (
            <div className="reentry-link">
              <CopyLink url={reentryUrl} label={t('reentry.linkLabel', { name: member.displayName })} />
              <p className="field__help">{t('reentry.linkHelp')}</p>
            </div>
          )}
        </div>
      )}
    </li>
  );
}
