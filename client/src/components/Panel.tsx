import { useId, type ReactNode } from 'react';

/** A titled section of a view; `tone` colours it by who can read it. */
export function Panel({
  title,
  tone = 'plain',
  aside,
  children,
  className = '',
}: {
  title: string;
  tone?: 'plain' | 'caucus' | 'room' | 'mediation' | 'joint' | 'gallery';
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const headingId = useId();
  return (
    <section className={`panel panel--${tone} ${className}`} aria-labelledby={headingId}>
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {title}
        </h2>
        {aside}
      </header>
      <div className="panel__body">{children}</div>
    </section>
  );
}
