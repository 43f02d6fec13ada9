import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../../shared/src/commands.js';
import type { PartyId } from '../../../../shared/src/ids.js';
import { LIMITS } from '../../../../shared/src/model.js';
import { partyName } from '../../api/selectors.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { DisclosureBadge } from '../../components/DisclosureBadge.js';
import { Modal } from '../../components/Modal.js';
import { useTalks } from '../../components/talks-context.js';
import { useCommand } from '../../components/use-command.js';
import { usePhaseBlock } from '../../components/use-phase-block.js';
import { copiedRun } from '../../../../shared/src/verbatim.js';
import type { ConveyTarget } from './convey-target.js';

/**
 * The shuttle's one dangerous act, made deliberate: the destination is named in
 * the title and again on the confirm button. A conveyable text starts empty, with the
 * party's words beside it, and a warning while the draft still copies them ([DIS5]); a
 * verbatim one is pre-filled and locked. Closed phases say so before anyone types
 * ([PH2]); Cancel and Escape work at every step.
 */
export function ConveyDialog({ target, onClose }: { target: ConveyTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const handle = useCommand();
  const id = useId();
  const { source } = target;
  const fromPartyId = source?.entry.partyId ?? null;
  const destinations = (view.talks?.parties ?? []).filter((party) => party.id !== fromPartyId);
  const [toPartyId, setToPartyId] = useState<PartyId | null>(target.toPartyId ?? destinations[0]?.id ?? null);
  const disclosure = source?.entry.disclosure ?? null;
  // Only a verbatim text travels as the party wrote it; anything else starts empty.
  const [text, setText] = useState(disclosure === 'verbatim' && source ? source.entry.text : '');
  const phaseBlock = usePhaseBlock('shuttle');
  const copied =
    disclosure === 'conveyable' && source ? copiedRun(text, source.entry.text) : null;
  const explain = (code: string) => (code === 'DISCLOSURE' ? t('conveyDraft.refusedCopy') : undefined);
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const locked = disclosure === 'verbatim';
  const destination = partyName(view, toPartyId);
  const title = destination ? t('convey.title', { party: destination }) : t('convey.titleNoParty');

  if (disclosure === 'mediator-only') {
    return (
      <Modal title={title} onClose={onClose}>
        <p className="blocked-reason">{t('convey.blocked.mediatorOnly')}</p>
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </Modal>
    );
  }

  const send = async () => {
    if (!toPartyId) return;
    const payload: Extract<Command, { type: 'conveyance.create' }>['payload'] = {
      toPartyId,
      text: text.trim(),
    };
    if (source?.kind === 'submission') payload.submissionId = source.entry.submissionId;
    if (source?.kind === 'response') payload.responseId = source.entry.responseId;
    const outcome = await handle.run({ type: 'conveyance.create', payload });
    if (outcome.ok) onClose();
  };

  return (
    <Modal title={title} onClose={onClose}>
      {phaseBlock && (
        <p className="blocked-reason" role="note" data-testid="convey-phase-block">
          {phaseBlock}
        </p>
      )}
      <div className={source ? 'convey__layout convey__layout--with-source' : 'convey__layout'}>
      {source ? (
        <aside className="convey__source" aria-label={t('conveyDraft.sourceLabel', { party: partyName(view, fromPartyId) })}>
          <p className="convey__from">{t('convey.from', { party: partyName(view, fromPartyId) })}</p>
          <blockquote className="quote">{source.entry.text}</blockquote>
          {disclosure && <DisclosureBadge disclosure={disclosure} />}
        </aside>
      ) : (
        <p className="convey__own">{t('convey.ownProposal')}</p>
      )}

      {step === 'edit' ? (
        <form
          className="convey__form"
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim() && toPartyId && !phaseBlock) setStep('confirm');
          }}
        >
          {destinations.length > 1 && target.toPartyId === null && (
            <div className="field">
              <label htmlFor={`${id}-to`}>{t('convey.destination')}</label>
              <select
                id={`${id}-to`}
                value={toPartyId ?? ''}
                onChange={(event) => setToPartyId(event.target.value as PartyId)}
              >
                {destinations.map((party) => (
                  <option key={party.id} value={party.id}>
                    {party.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-text`}>{t('convey.textLabel', { party: destination })}</label>
            <textarea
              id={`${id}-text`}
              rows={5}
              value={text}
              readOnly={locked}
              maxLength={LIMITS.maxTextChars}
              aria-describedby={`${id}-note${copied ? ` ${id}-copied` : ''}`}
              className={locked ? 'is-locked' : ''}
              disabled={phaseBlock !== undefined}
              onChange={(event) => setText(event.target.value)}
            />
            <p className="field__help" id={`${id}-note`}>
              {locked
                ? t('convey.lockedNote')
                : source
                  ? t('conveyDraft.ownWordsNote')
                  : t('convey.ownProposalNote', { party: destination })}
            </p>
            {copied && (
              <p className="convey__copied" id={`${id}-copied`} role="status" data-testid="convey-copied">
                {t('conveyDraft.copiedWarning', { count: copied.words.length })}
              </p>
            )}
          </div>
          <div className="modal__actions">
            <button type="button" className="button button--quiet" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              className="button button--primary"
              disabled={!text.trim() || !toPartyId || phaseBlock !== undefined}
            >
              {t('convey.review')}
            </button>
          </div>
        </form>
      ) : (
        <div className="convey__confirm">
          <p className="convey__warning" role="note">
            {t('convey.confirmQuestion', { party: destination })}
          </p>
          <blockquote className="quote quote--outgoing">{text.trim()}</blockquote>
          <div className="modal__actions">
            <button type="button" className="button button--quiet" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                handle.reset();
                setStep('edit');
              }}
            >
              {t('convey.back')}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={handle.status.state === 'pending'}
              onClick={() => void send()}
            >
              {t('convey.confirm', { party: destination })}
            </button>
          </div>
          <CommandStatusLine handle={handle} errorText={explain} />
        </div>
      )}
      </div>
    </Modal>
  );
}
