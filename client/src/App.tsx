import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionGrant } from '../../shared/src/protocol.js';
import { clearSession, loadSession, saveSession } from './api/session-storage.js';
import type { EndReason } from './api/talks-connection.js';
import { AppHeader } from './components/AppHeader.js';
import { VerifyAgreementHelp } from './features/help/VerifyAgreementHelp.js';
import { isVerifyHelpPath } from './features/help/verify-link.js';
import { JoinPage } from './features/join/JoinPage.js';
import { SignedIn, type TransportFactory } from './SignedIn.js';

type Route = { page: 'join'; code: string | null } | { page: 'home' } | { page: 'verify-help' };
type Notice = EndReason | 'signed-out';

const readRoute = (): Route => {
  if (isVerifyHelpPath(window.location.pathname)) return { page: 'verify-help' };
  if (window.location.pathname.replace(/\/+$/, '') === '/join') {
    return { page: 'join', code: new URLSearchParams(window.location.search).get('code') };
  }
  return { page: 'home' };
};

/** The whole app: the join page for invite links, else the signed-in member's view. */
export function App({ transportFor }: { transportFor?: TransportFactory }) {
  const { t } = useTranslation();
  const [route, setRoute] = useState<Route>(readRoute);
  const [grant, setGrant] = useState<SessionGrant | null>(() => loadSession());
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    const onPop = () => setRoute(readRoute());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const goHome = useCallback(() => {
    // Replace, so Back does not lead to a used invite link.
    window.history.replaceState(null, '', '/');
    setRoute({ page: 'home' });
  }, []);

  const end = useCallback((reason: Notice) => {
    clearSession();
    setGrant(null);
    setNotice(reason);
  }, []);

  if (route.page === 'verify-help') {
    // Readable signed in or not: an observer may pass the link on to an adviser.
    return (
      <div className="app">
        <AppHeader />
        <VerifyAgreementHelp />
      </div>
    );
  }

  if (route.page === 'join' || !grant) {
    return (
      <div className="app">
        <AppHeader />
        <JoinPage
          code={route.page === 'join' ? route.code : null}
          signedInAs={grant?.member.displayName}
          notice={notice ? t(`session.notice.${notice}`) : undefined}
          onContinue={goHome}
          onJoined={(fresh) => {
            saveSession(fresh);
            setNotice(null);
            setGrant(fresh);
            goHome();
          }}
        />
      </div>
    );
  }

  return (
    <SignedIn
      key={`${grant.member.id}`}
      grant={grant}
      transportFor={transportFor}
      onSignOut={() => end('signed-out')}
      onEnded={end}
    />
  );
}
