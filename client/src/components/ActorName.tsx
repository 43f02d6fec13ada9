import { useTranslation } from 'react-i18next';
import type { Actor } from '../../../shared/src/events.js';

/** Who did something: their name and, in smaller type, their role. */
export function ActorName({ actor }: { actor: Pick<Actor, 'displayName' | 'role'> }) {
  const { t } = useTranslation();
  return (
    <span className="actor">
      <strong className="actor__name">{actor.displayName}</strong>{' '}
      <span className="actor__role">{t(`roles.${actor.role}`)}</span>
    </span>
  );
}
