/** What to do next when there is nothing to show yet. */
export function EmptyState({ children }: { children: string }) {
  return <p className="empty-state">{children}</p>;
}
