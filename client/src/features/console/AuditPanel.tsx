import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AUDIT_START,
  checkAuditEntries,
  type AuditCheckReport,
} from '../../../../shared/src/audit-check.js';
import type { AuditEntry, AuditPage } from '../../../../shared/src/audit.js';
import { partyName } from '../../api/selectors.js';
import type { TalksView } from '../../api/talks-view.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useTalks } from '../../components/talks-context.js';
import { useCommand } from '../../components/use-command.js';
import { When } from '../../components/When.js';

// [AUD4][AUD5] The audit log, for the lead mediator: every entry's place and hashes, the
// content of the audiences a mediator reads, and a plain "content sealed" for a delegation's
// caucus, which no mediator reads, here either. The chain is checked again in this browser
// (links everywhere, hashes over the stored bytes where they are shown).

const PAGE = 200;

/** SHA-256 in the browser, as lowercase hex. */
async function sha256hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function AuditPanel() {
  const { t } = useTranslation();
  const { view } = useTalks();
  const handle = useCommand();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [page, setPage] = useState<AuditPage | null>(null);
  const [check, setCheck] = useState<AuditCheckReport | null>(null);

  const read = async (fresh: boolean) => {
    const afterSeq = fresh ? 0 : (entries[entries.length - 1]?.seq ?? 0);
    const outcome = await handle.run({ type: 'audit.read', payload: { afterSeq, limit: PAGE } });
    if (!outcome.ok) return;
    const answer = outcome.result as AuditPage;
    setPage(answer);
    setEntries(fresh ? answer.entries : [...entries, ...answer.entries]);
    // A broken chain stays broken: later pages are not checked on top of it.
    if (!fresh && check?.broken) return;
    const checked = await checkAuditEntries(answer.entries, fresh || !check ? AUDIT_START : check.next, sha256hex);
    setCheck(
      fresh || !check
        ? checked
        : {
            ...checked,
            linked: check.linked + checked.linked,
            recomputed: check.recomputed + checked.recomputed,
            heldByLinks: check.heldByLinks + checked.heldByLinks,
          },
    );
  };
  const more = page !== null && page.entries.length === PAGE;

  return (
    <section className="audit" aria-labelledby="audit-heading">
      <h3 id="audit-heading">{t('auditLog.title')}</h3>
      <p>{t('auditLog.intro')}</p>
      <button type="button" className="button" onClick={() => void read(true)}>
        {page ? t('auditLog.reload') : t('auditLog.read')}
      </button>
      <CommandStatusLine handle={handle} doneText={t('auditLog.loaded', { count: entries.length })} />
      {page && (
        <div className="audit__status" role="status">
          <p>
            {page.chain.ok
              ? t('auditLog.server.ok', { count: page.chain.count, head: page.chain.head.hash.slice(0, 12) })
              : t('auditLog.server.broken', { seq: page.chain.brokenAt, reason: page.chain.reason })}
          </p>
          {check && (
            <p>
              {check.broken
                ? t('auditLog.check.broken', { seq: check.broken.seq, reason: check.broken.reason })
                : t('auditLog.check.ok', {
                    linked: check.linked,
                    recomputed: check.recomputed,
                    held: check.heldByLinks,
                  })}
            </p>
          )}
        </div>
      )}
      {page && entries.length === 0 && <EmptyState>{t('auditLog.empty')}</EmptyState>}
      {entries.length > 0 && (
        <ol className="rows audit__entries">
          {entries.map((entry) => (
            <AuditRow key={entry.seq} entry={entry} view={view} />
          ))}
        </ol>
      )}
      {more && (
        <button type="button" className="button" onClick={() => void read(false)}>
          {t('auditLog.more')}
        </button>
      )}
    </section>
  );
}

function AuditRow({ entry, view }: { entry: AuditEntry; view: TalksView }) {
  const { t } = useTranslation();
  const where = audienceWords(entry.audience, view, t);
  const who =
    entry.sealed === null && entry.actor.displayName
      ? `${entry.actor.displayName} (${t(`roles.${entry.actor.role}`)})`
      : t(`roles.${entry.actor.role}`);
  return (
    <li className="row audit__entry" data-testid="audit-entry" data-sealed={entry.sealed ? 'true' : 'false'}>
      <div className="audit__place">
        <span>{t('auditLog.seq', { seq: entry.seq })}</span> <When at={entry.at} /> <code>{entry.type}</code>{' '}
        <span>{where}</span> <span>{who}</span>
      </div>
      {entry.sealed ? (
        <p className="audit__sealed">{t('auditLog.sealed', { audience: where })}</p>
      ) : (
        <>
          <p className="audit__content">{contentOf(entry.payload)}</p>
          {entry.withheld.length > 0 && <p className="audit__withheld">{t('auditLog.withheld')}</p>}
        </>
      )}
      <p className="audit__hash">
        {t('auditLog.hash')} <code title={entry.hash}>{entry.hash.slice(0, 16)}…</code>
      </p>
    </li>
  );
}

/** The readable content of an entry: its text when it has one, else its fields in short. */
function contentOf(payload: Record<string, unknown>): string {
  if (typeof payload.text === 'string') return payload.text;
  const text = JSON.stringify(payload);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function audienceWords(audience: string, view: TalksView, t: (key: string, options?: Record<string, unknown>) => string): string {
  const [kind, partyId = null] = audience.split(':', 2);
  if (kind === 'caucus' || kind === 'room') {
    return t(`auditLog.audience.${kind}`, { party: partyName(view, partyId) || partyId });
  }
  return t(`auditLog.audience.${kind ?? audience}`, { defaultValue: audience });
}
