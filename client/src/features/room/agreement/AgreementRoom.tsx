import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementBundle } from '../../../../../shared/src/agreement.js';
import type { PartyId } from '../../../../../shared/src/ids.js';
import { Panel } from '../../../components/Panel.js';
import { useTalks } from '../../../components/talks-context.js';
import { AgendaList } from './AgendaList.js';
import { AgreementPrint } from './AgreementPrint.js';
import { ExportActions } from './ExportActions.js';
import { OurPackage } from './OurPackage.js';
import { SigningKeyStatus } from './SigningKeyStatus.js';
import { SigningPanel } from './SigningPanel.js';
import { useSigningKey } from './use-signing-key.js';
import { VersionReader } from './VersionReader.js';
import './agreement-room.css';

/**
 * A delegation's side of the agreement: the agenda, the single negotiating text in
 * every language, the party's private comments and (for the head) its marks, its
 * acceptance of the package and its signature, then the export. Mounted with the room
 * even while another tab is shown, so a head's signing key is made on joining.
 */
export function AgreementRoom({ partyId }: { partyId: PartyId }) {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const signingKey = useSigningKey();
  const [printing, setPrinting] = useState<AgreementBundle | null>(null);
  const talks = view.talks;
  const agreed = view.agreement.agreed !== null;

  if (printing) return <AgreementPrint bundle={printing} onClose={() => setPrinting(null)} />;

  return (
    <div className="agreement-room" data-testid="agreement-room">
      <p className="notice agreement-room__privacy" data-testid="agreement-privacy">
        {t('agreementRoom.privacy')}
      </p>
      <div className="agreement-room__grid">
        <Panel title={t('agreementRoom.agenda.title')} tone="joint" className="agreement-room__agenda">
          <AgendaList partyId={partyId} />
        </Panel>
        <Panel
          title={t('agreementRoom.package.title')}
          tone="room"
          className="agreement-room__package"
          aside={<span className="badge badge--room">{t('agreementRoom.package.badge')}</span>}
        >
          <OurPackage partyId={partyId} />
          {me.role === 'head' && !agreed && <SigningKeyStatus signingKey={signingKey} />}
        </Panel>
        {agreed && talks && (
          <Panel title={t('agreementRoom.sign.title')} tone="joint" className="agreement-room__signing">
            <SigningPanel partyId={partyId} signingKey={signingKey} />
            <ExportActions talksId={talks.id} onPrint={setPrinting} />
          </Panel>
        )}
        <Panel title={t('agreementRoom.text.title')} tone="joint" className="agreement-room__text">
          <VersionReader partyId={partyId} />
        </Panel>
      </div>
    </div>
  );
}
