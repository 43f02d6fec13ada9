import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_START, checkAuditEntries } from '../../shared/src/audit-check.js';
import type { AuditEntry, AuditPage } from '../../shared/src/index.js';
import type { TestServer } from '../support/server.js';
import { Seater, startVisibilityServer } from './seating.js';
import { Stage } from './stage.js';

// [AUD4] The audit read shows every entry's place and proof to the lead mediator, and its
// content only where the lead reads the audience anyway: a delegation's caucus stays
// sealed, in the audit too. [AUD5] The chain still checks across sealed entries.

let server: TestServer;
let stage: Stage;
beforeAll(async () => {
  server = await startVisibilityServer();
  stage = await Stage.open(new Seater(server));
});
afterAll(async () => {
  stage.close();
  await server.close();
});

const sha256hex = (text: string) => Promise.resolve(createHash('sha256').update(text, 'utf8').digest('hex'));

async function readAudit(): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let afterSeq = 0; ; ) {
    const page = await stage.ok<AuditPage>(stage.lead, 'audit.read', { afterSeq, limit: 3 });
    entries.push(...page.entries);
    if (page.entries.length < 3) return entries;
    afterSeq = page.entries[page.entries.length - 1]?.seq ?? afterSeq;
  }
}

describe('[AUD4] the audit read seals every audience the reader may not read', () => {
  it('[AUD4] the lead reads the caucus entries of both delegations only as sealed places with their hashes', async () => {
    const secretA = `caucus secret of Northland ${randomUUID()}`;
    const secretB = `caucus secret of Southland ${randomUUID()}`;
    const roomText = `room message of Northland ${randomUUID()}`;
    const headA = await stage.member('head', stage.partyA);
    const headB = await stage.member('head', stage.partyB);
    await stage.ok(headA.client, 'message.post', { audience: 'caucus', partyId: stage.partyA, text: secretA });
    await stage.ok(headB.client, 'message.post', { audience: 'caucus', partyId: stage.partyB, text: secretB });
    await stage.ok(headA.client, 'message.post', { audience: 'room', partyId: stage.partyA, text: roomText });

    const entries = await readAudit();
    const text = JSON.stringify(entries);
    expect(text).not.toContain(secretA);
    expect(text).not.toContain(secretB);
    expect(text).toContain(roomText);

    const caucus = entries.filter((entry) => entry.audience.startsWith('caucus:'));
    expect(caucus).toHaveLength(2);
    for (const entry of caucus) {
      const party = entry.audience === `caucus:${stage.partyA}` ? 'Northland' : 'Southland';
      expect(Object.keys(entry).sort()).toEqual(
        ['actor', 'aseq', 'at', 'audience', 'hash', 'id', 'prevHash', 'sealed', 'seq', 'type'],
      );
      expect(entry.type).toBe('message.posted');
      expect(entry.aseq).toBe(1);
      expect(entry.prevHash).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.actor).toEqual({ role: 'head' });
      expect(entry.sealed).toEqual({ reason: 'audience', note: `caucus of ${party}: content sealed` });
    }
    // Nothing that names the writer or the command beyond the role: not the head's id or name.
    for (const entry of caucus) {
      expect(JSON.stringify(entry)).not.toContain(headA.memberId);
      expect(JSON.stringify(entry)).not.toContain(headB.memberId);
    }
  });

  it('[AUD4] readable entries carry only allowlisted payload fields: an invite code hash never leaves the server', async () => {
    const entries = await readAudit();
    const invites = entries.filter((entry) => entry.type === 'member.invited');
    expect(invites.length).toBeGreaterThan(0);
    for (const entry of invites) {
      if (entry.sealed !== null) throw new Error('an invite entry of the mediation audience was sealed to the lead');
      expect(entry.payload).not.toHaveProperty('codeHash');
      expect(entry.withheld).toEqual(['payload.codeHash']);
      expect(entry.body).toBeNull();
    }
    // Named as withheld, never shown: no payload of any entry holds it.
    expect(JSON.stringify(entries.map((entry) => (entry.sealed === null ? entry.payload : null)))).not.toContain('codeHash');
  });

  it('[AUD5] the lead checks the whole chain across sealed entries: links everywhere, hashes over the stored bytes where shown', async () => {
    const entries = await readAudit();
    const report = await checkAuditEntries(entries, AUDIT_START, sha256hex);
    expect(report.broken).toBeNull();
    expect(report.linked).toBe(entries.length);
    expect(report.recomputed).toBeGreaterThan(0);
    expect(report.heldByLinks).toBe(entries.filter((entry) => entry.sealed !== null || entry.body === null).length);
    // The shown hashes are those of the stored chain: the last is the chain's head.
    const page = await stage.ok<AuditPage>(stage.lead, 'audit.read', { afterSeq: entries.length - 1 });
    expect(page.chain.ok && page.chain.head.hash).toBe(report.next.hash);

    // A changed link or a changed shown payload is caught, sealed entry or not.
    const sealedAt = entries.findIndex((entry) => entry.sealed !== null);
    const relinked = entries.map((entry, index) => (index === sealedAt ? { ...entry, hash: 'f'.repeat(64) } : entry));
    expect((await checkAuditEntries(relinked, AUDIT_START, sha256hex)).broken?.seq).toBe((entries[sealedAt]?.seq ?? 0) + 1);
    const openAt = entries.findIndex((entry) => entry.sealed === null && entry.body !== null);
    const reworded = entries.map((entry, index) =>
      index === openAt && entry.sealed === null ? { ...entry, payload: { ...entry.payload, text: 'something else' } } : entry,
    );
    expect((await checkAuditEntries(reworded, AUDIT_START, sha256hex)).broken?.seq).toBe(entries[openAt]?.seq);
  });
});
