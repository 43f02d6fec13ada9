import { createHash } from 'node:crypto';
import { cleanup, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import canonicalize from 'canonicalize';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage } from '../../shared/src/audit.js';
import { AuditPanel } from '../../client/src/features/console/AuditPanel.js';
import { EventFactory, NORTH, NORTH_HEAD, TALKS_ID, seededId } from './support/events.js';
import { member, renderWithTalks } from './support/render.js';

// [AUD4][AUD5] The lead mediator's audit log: a caucus entry reads as sealed, in plain words
// and in each language, and the chain is checked again in the browser across it.

afterEach(cleanup);

const lead = member('lead-mediator', 'Mara Lind');
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Three chained entries as the server would answer them: opened (readable), a caucus message (sealed), a room message (readable). */
function auditPage(): AuditPage {
  const rows = [
    { type: 'talks.opened', audience: 'gallery', actor: { id: null, role: 'system', partyId: null, displayName: 'Parley' }, payload: { title: 'Harbour talks' } },
    { type: 'message.posted', audience: `caucus:${NORTH}`, actor: NORTH_HEAD, payload: { messageId: seededId(), channel: 'caucus', partyId: NORTH, text: 'Our real limit is June.' } },
    { type: 'message.posted', audience: `room:${NORTH}`, actor: NORTH_HEAD, payload: { messageId: seededId(), channel: 'room', partyId: NORTH, text: 'We could open the port in May.' } },
  ] as const;
  let prevHash = '0'.repeat(64);
  const entries = rows.map((row, index): AuditEntry => {
    const stored = { ...row, talksId: TALKS_ID, seq: index + 1, id: seededId(), aseq: 1, at: '2026-12-07T10:00:00.000Z', commandId: null };
    const body = canonicalize(stored) ?? '';
    const hash = sha(`${prevHash}\n${body}`);
    const place = { seq: stored.seq, id: stored.id, type: row.type, audience: row.audience, aseq: 1, at: stored.at, prevHash, hash };
    prevHash = hash;
    return row.audience.startsWith('caucus:')
      ? { ...place, sealed: { reason: 'audience', note: 'caucus of North: content sealed' }, actor: { role: row.actor.role } }
      : { ...place, sealed: null, actor: { ...row.actor }, payload: { ...row.payload }, commandId: null, body, withheld: [] };
  });
  return { entries, chain: { ok: true, head: { seq: 3, hash: prevHash }, count: 3 } };
}

const show = (language: 'en' | 'uk' | 'ru') =>
  renderWithTalks(<AuditPanel />, {
    me: lead,
    events: [new EventFactory().opened('Harbour talks')],
    answer: (command) => (command.type === 'audit.read' ? { ok: true, result: auditPage() } : { ok: true, result: {} }),
    language,
  });

describe('[AUD4] the audit log in the console', () => {
  it('[AUD4] shows a caucus entry as sealed in plain words, the readable ones with their content, and checks the chain across it', async () => {
    const { sent } = show('en');
    await userEvent.click(screen.getByRole('button', { name: 'Read the audit log' }));
    expect(sent[0]?.command).toEqual({ type: 'audit.read', payload: { afterSeq: 0, limit: 200 } });
    expect(await screen.findByText(/^Caucus of North: content sealed\./)).toBeTruthy();
    expect(screen.getByText('We could open the port in May.')).toBeTruthy();
    expect(screen.queryByText(/Our real limit/)).toBeNull();
    expect(await screen.findByText(/Checked again in this browser: entries that link up: 3; hashes recomputed from their stored bytes: 2; sealed or partly withheld entries held in place by the entries around them: 1\./)).toBeTruthy();
    expect(screen.getAllByTestId('audit-entry').map((row) => row.dataset.sealed)).toEqual(['false', 'true', 'false']);
  });

  it.each([
    ['uk', /^Внутрішнє обговорення делегації North: зміст запечатано\./],
    ['ru', /^Внутреннее обсуждение делегации North: содержание запечатано\./],
  ] as const)('[AUD4] says the caucus is sealed in %s', async (language, sealed) => {
    show(language);
    await userEvent.click(screen.getByRole('button'));
    expect(await screen.findByText(sealed)).toBeTruthy();
  });
});
