import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Tabs, type TabSpec } from '../../../components/Tabs.js';
import { useTalks } from '../../../components/talks-context.js';
import { AgendaSection } from './AgendaSection.js';
import { agreementGate } from './agreement-gate.js';
import { GlossarySection } from './GlossarySection.js';
import { PackageSection } from './PackageSection.js';
import { SignaturesSection } from './SignaturesSection.js';
import { TextSection } from './TextSection.js';
import { VersionsSection } from './VersionsSection.js';
import './agreement-console.css';

type AgreementTab = 'agenda' | 'text' | 'glossary' | 'versions' | 'package' | 'signatures';

/** The mediators' workbench for the agreement: agenda, single negotiating text, package, signatures. */
export function AgreementConsole() {
  const { t } = useTranslation();
  const { view } = useTalks();
  const [tab, setTab] = useState<AgreementTab>('agenda');
  const model = view.agreement;
  const gate = agreementGate(view.talks?.phase, model);
  const tabs: TabSpec<AgreementTab>[] = [
    {
      key: 'agenda',
      label: t('agreementConsole.tabs.agenda', { count: model.agenda.length }),
      content: <AgendaSection gate={gate} />,
    },
    {
      key: 'text',
      label: t('agreementConsole.tabs.text', { count: model.clauses.length }),
      content: <TextSection gate={gate} />,
    },
    {
      key: 'glossary',
      label: t('agreementConsole.tabs.glossary', { count: model.glossary.length }),
      content: <GlossarySection gate={gate} />,
    },
    {
      key: 'versions',
      label: t('agreementConsole.tabs.versions', { count: model.versions.length }),
      content: <VersionsSection />,
    },
    { key: 'package', label: t('agreementConsole.tabs.package'), content: <PackageSection /> },
    { key: 'signatures', label: t('agreementConsole.tabs.signatures'), content: <SignaturesSection /> },
  ];
  return (
    <div className="agreement-console" data-testid="agreement-console">
      <Tabs label={t('agreementConsole.tabs.label')} tabs={tabs} selected={tab} onSelect={setTab} />
    </div>
  );
}
