import { useTranslation } from 'react-i18next';
import type { MemberEntry } from '../../api/talks-view.js';
import { useTalks } from '../../components/talks-context.js';

/** Who of these members is online now, as far as the server lets this reader know. */
export function Presence({ members }: { members: MemberEntry[] }) {
  const { t } = useTranslation();
  const { snapshot } = useTalks();
  if (snapshot.online === null) return null;
  const online = members.filter((member) => snapshot.online?.has(member.id));
  return (
    <p className="presence">
      <span className={`presence__dot ${online.length > 0 ? 'is-online' : ''}`} aria-hidden="true" />
      {online.length > 0
        ? t('presence.online', { names: online.map((member) => member.displayName).join(', ') })
        : t('presence.nobody')}
    </p>
  );
}
