import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AGREEMENT_FORMAT,
  canonicalInputOf,
  textHashOf,
  type AgreementBundle,
} from '../../shared/src/agreement.js';
import type { WireEvent } from '../../shared/src/events.js';
import type { PublicSigningJwk } from '../../shared/src/model.js';
import type { MemberView, SessionGrant } from '../../shared/src/protocol.js';
import { verifyCompactJws } from '../../server/src/agreement/jws.js';
import { memoryKeyStore, type KeyStore } from '../../client/src/api/key-store.js';
import { clearSession, saveSession } from '../../client/src/api/session-storage.js';
import {
  generateSigningKey,
  jwkThumbprint,
  signVersion,
  type SigningKey,
} from '../../client/src/api/signing-key.js';
import { Gallery } from '../../client/src/features/gallery/Gallery.js';
import { KeyStoreContext } from '../../client/src/features/room/agreement/key-store-context.js';
import { PartyRoom } from '../../client/src/features/room/PartyRoom.js';
import { EventFactory, NORTH, SOUTH, TALKS_ID } from './support/events.js';
import { missingKeys } from './support/missing-keys.js';
import {
  agreed,
  ids,
  keyRegistered,
  northDelegate,
  northHead,
  southSigned,
  twoVersions,
  VERSION_2,
} from './support/party-agreement.js';
import { member, renderWithTalks, type SentCommand } from './support/render.js';

afterEach(() => {
  cleanup();
  clearSession();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const TALKS = {
  id: TALKS_ID,
  title: 'River talks',
  parties: [
    { id: NORTH, name: 'North' },
    { id: SOUTH, name: 'South' },
  ],
};
const SOUTH_JWK: PublicSigningJwk = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: 'G_qbzw8XdyUWmlN4mgKim5qtlA_BtWAJVHScHbpIUCU',
};

function renderRoom(me: MemberView, events: WireEvent[], store: KeyStore = memoryKeyStore()) {
  return renderWithTalks(
    <KeyStoreContext.Provider value={() => Promise.resolve(store)}>
      <PartyRoom />
    </KeyStoreContext.Provider>,
    { me, events },
  );
}

const openTab = () => userEvent.click(screen.getByRole('tab', { name: 'Agreement' }));
const registrations = (sent: SentCommand[]) => sent.filter((s) => s.command.type === 'member.registerKey');
const keyState = () => screen.getByTestId('signing-key').getAttribute('data-state');

/** A store that keeps keys across renders and says it survives a reload, like IndexedDB. */
function lastingStore(): KeyStore & { keys: Map<string, SigningKey> } {
  const keys = new Map<string, SigningKey>();
  return {
    keys,
    persistent: true,
    load: (memberId) => Promise.resolve(keys.get(memberId) ?? null),
    save: (memberId, key) => {
      keys.set(memberId, key);
      return Promise.resolve();
    },
  };
}

describe('a head’s signing key', () => {
  it('is made and registered when the head joins, then reused without registering again at the next sign-in', async () => {
    const store = lastingStore();
    const f = new EventFactory();
    const events = twoVersions(f);
    const first = renderRoom(northHead, events, store);
    await waitFor(() => expect(registrations(first.sent)).toHaveLength(1));
    const jwk = (registrations(first.sent)[0]?.command.payload as { jwk: PublicSigningJwk }).jwk;
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(store.keys.get(northHead.id)?.publicJwk).toEqual(jwk);
    expect(store.keys.get(northHead.id)?.privateKey.extractable).toBe(false);
    cleanup();

    const later = renderRoom(northHead, [...events, keyRegistered(f, northHead.id, jwk)], store);
    await openTab();
    await waitFor(() => expect(keyState()).toBe('ready'));
    const thumbprint = await jwkThumbprint(jwk);
    await waitFor(() => expect(screen.getByTestId('signing-key-thumbprint').textContent).toBe(thumbprint));
    expect(screen.queryByTestId('signing-key-not-kept')).toBeNull();
    expect(later.sent).toEqual([]);
    expect(missingKeys()).toEqual([]);
  });

  it('is not replaced on its own when one from another browser is registered, only when the head asks', async () => {
    const f = new EventFactory();
    const other = await generateSigningKey();
    const { sent } = renderRoom(northHead, [
      ...twoVersions(f),
      keyRegistered(f, northHead.id, other.publicJwk),
    ]);
    await openTab();
    await waitFor(() => expect(keyState()).toBe('elsewhere'));
    expect(screen.getByTestId('signing-key').textContent).toMatch(/registered for you from another browser/);
    expect(sent).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Make a new key in this browser' }));
    await waitFor(() => expect(keyState()).toBe('ready'));
    const { jwk } = registrations(sent)[0]?.command.payload as { jwk: PublicSigningJwk };
    expect(jwk).not.toEqual(other.publicJwk);
    expect(registrations(sent)).toHaveLength(1);
  });

  it('says plainly when the browser cannot make a key at all, and registers nothing', async () => {
    vi.spyOn(crypto.subtle, 'generateKey').mockRejectedValue(new Error('The operation is insecure.'));
    const { sent } = renderRoom(northHead, twoVersions());
    await openTab();
    await waitFor(() => expect(keyState()).toBe('failed'));
    expect(screen.getByTestId('signing-key').textContent).toMatch(
      /^This browser cannot make a signing key: it needs WebCrypto/,
    );
    expect(sent).toEqual([]);
    expect(missingKeys()).toEqual([]);
  });

  it('is said to last only for this page when the browser cannot store it', async () => {
    renderRoom(northHead, twoVersions(), memoryKeyStore());
    await openTab();
    await waitFor(() => expect(keyState()).toBe('ready'));
    expect(screen.getByTestId('signing-key-not-kept').textContent).toMatch(
      /cannot store your signing key, so it lasts only until you close or reload this page/,
    );
  });
});

describe('signing the agreed version', () => {
  const agreedEvents = (f: EventFactory) => [...twoVersions(f), ...agreed(f)];

  it('states what is signed (version, party, text hash) and sends a JWS that verifies with the registered key', async () => {
    const store = lastingStore();
    const key = await generateSigningKey();
    store.keys.set(northHead.id, key);
    const f = new EventFactory();
    const { sent } = renderRoom(
      northHead,
      [...agreedEvents(f), keyRegistered(f, northHead.id, key.publicJwk)],
      store,
    );
    await openTab();
    const signing = screen.getByRole('region', { name: 'Signing the agreement' });
    const textHash = await textHashOf(canonicalInputOf(TALKS, VERSION_2));
    expect(within(signing).getByTestId('signing-statement').textContent).toContain(
      'By signing, you sign for North the text of version 2 of "River talks"',
    );
    await waitFor(() => expect(within(signing).getByTestId('signing-text-hash').textContent).toBe(textHash));
    await waitFor(() => expect(keyState()).toBe('ready'));

    await userEvent.click(
      within(signing).getByRole('button', { name: 'Review and sign version 2 for North…' }),
    );
    // Nothing is signed before the head has seen what and confirmed it, by name and party.
    expect(sent).toEqual([]);
    const consent = within(signing).getByRole('region', { name: 'Check what you are signing' });
    expect(within(consent).getByTestId('consent-title').textContent).toBe('River talks');
    expect(within(consent).getByTestId('consent-version').textContent).toBe('2');
    expect(within(consent).getByTestId('consent-hash').textContent).toBe(textHash);
    expect(within(consent).getByTestId('consent-party').textContent).toBe('North');
    expect(within(consent).getByTestId('consent-signer').textContent).toBe(
      'Nils North, head of the delegation of North',
    );
    const confirm = within(consent).getByRole('button', { name: 'Sign as Nils North for North' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(
      within(consent).getByRole('checkbox', {
        name: 'I, Nils North, have read this text and sign it on behalf of North.',
      }),
    );
    await userEvent.click(confirm);
    await waitFor(() => expect(sent.map((s) => s.command.type)).toEqual(['agreement.sign']));
    const { version, jws } = sent[0]?.command.payload as { version: number; jws: string };
    expect(version).toBe(2);
    expect(verifyCompactJws(jws, key.publicJwk)).toEqual({
      ok: true,
      payload: { talksId: TALKS_ID, version: 2, textHash, partyId: NORTH },
    });
    expect(missingKeys()).toEqual([]);
  });

  it('registers a key from this browser first when the registered one is held elsewhere', async () => {
    const f = new EventFactory();
    const other = await generateSigningKey();
    const { sent } = renderRoom(northHead, [
      ...agreedEvents(f),
      keyRegistered(f, northHead.id, other.publicJwk),
    ]);
    await openTab();
    await waitFor(() => expect(keyState()).toBe('elsewhere'));
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Register a new key from this browser and sign version 2 for North',
      }),
    );
    await userEvent.click(screen.getByRole('checkbox', { name: /^I, Nils North, have read this text/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Sign as Nils North for North' }));
    await waitFor(() =>
      expect(sent.map((s) => s.command.type)).toEqual(['member.registerKey', 'agreement.sign']),
    );
    const { jwk } = sent[0]?.command.payload as { jwk: PublicSigningJwk };
    const { jws } = sent[1]?.command.payload as { jws: string };
    expect(jwk).not.toEqual(other.publicJwk);
    expect(verifyCompactJws(jws, jwk).ok).toBe(true);
    expect(verifyCompactJws(jws, other.publicJwk).ok).toBe(false);
  });

  it('[SIG6] steps back without signing on Cancel or Escape, and the consent step exists in every language', async () => {
    const store = lastingStore();
    const key = await generateSigningKey();
    store.keys.set(northHead.id, key);
    const f = new EventFactory();
    const { sent } = renderRoom(
      northHead,
      [...agreedEvents(f), keyRegistered(f, northHead.id, key.publicJwk)],
      store,
    );
    await openTab();
    await waitFor(() => expect(keyState()).toBe('ready'));
    const open = await screen.findByRole('button', { name: 'Review and sign version 2 for North…' });
    await waitFor(() => expect((open as HTMLButtonElement).disabled).toBe(false));
    await userEvent.click(open);
    // The step takes the focus, so a keyboard or screen-reader user lands on it.
    expect(document.activeElement?.textContent).toBe('Check what you are signing');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('sign-consent')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Review and sign version 2 for North…' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('sign-consent')).toBeNull();
    expect(sent.filter((s) => s.command.type === 'agreement.sign')).toEqual([]);
    expect(missingKeys()).toEqual([]);
  });

  it('shows who has signed to every delegation, warns of a different hash, and leaves signing to the head', async () => {
    const f = new EventFactory();
    const events = [...agreedEvents(f), southSigned(f, SOUTH_JWK, 'f'.repeat(64))];
    const { sent } = renderRoom(northDelegate, events);
    await openTab();
    const signatures = screen.getByRole('list', { name: 'Signatures' });
    const [north, south] = within(signatures).getAllByTestId('party-signature') as [HTMLElement, HTMLElement];
    expect(north.textContent).toBe('North: not signed yet');
    expect(south.getAttribute('data-signed')).toBe('true');
    expect(south.textContent).toMatch(/^South: signed by Sofia South/);
    const southThumbprint = await jwkThumbprint(SOUTH_JWK);
    await waitFor(() =>
      expect(within(south).getByTestId('signature-thumbprint').textContent).toBe(southThumbprint),
    );
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'The text hash signed by Sofia South differs from the one this browser computed. Do not sign; tell the mediators.',
    );
    expect(screen.queryByTestId('sign-agreement')).toBeNull();
    expect(screen.getByText('Only your head of delegation signs the agreement.')).toBeTruthy();
    expect(sent).toEqual([]);
  });

  it('says when the agreement is concluded', async () => {
    const f = new EventFactory();
    const textHash = await textHashOf(canonicalInputOf(TALKS, VERSION_2));
    renderRoom(northDelegate, [
      ...agreedEvents(f),
      southSigned(f, SOUTH_JWK, textHash),
      f.event('agreement.concluded', 'gallery', { version: 2, textHash }),
    ]);
    await openTab();
    expect(screen.getByTestId('agreement-concluded').textContent).toBe(
      "Every party's head has signed version 2: the agreement is concluded.",
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

const GRANT: SessionGrant = {
  token: 'session-token-north',
  expiresAt: '2999-01-01T00:00:00.000Z',
  refreshToken: 'refresh',
  refreshExpiresAt: '2999-01-01T00:00:00.000Z',
  member: northDelegate,
};

/** The export the server would give: the agreed version, North's real signature, and the audit head. */
async function bundle(): Promise<{ bundle: AgreementBundle; northKey: SigningKey }> {
  const northKey = await generateSigningKey();
  const { jws, textHash } = await signVersion(northKey, TALKS, VERSION_2, NORTH);
  return {
    northKey,
    bundle: {
      format: AGREEMENT_FORMAT,
      talksId: TALKS_ID,
      title: TALKS.title,
      parties: TALKS.parties,
      version: 2,
      authenticLanguage: 'en',
      texts: VERSION_2.clauses.map(({ clauseId, number, agendaItemIds, texts }) => ({
        clauseId,
        number,
        agendaItemIds,
        texts,
      })),
      glossary: VERSION_2.glossary.map(({ termId, term, definition }) => ({ termId, term, definition })),
      textHash,
      signatures: [
        { partyId: NORTH, memberId: northHead.id, displayName: 'Nils North', jwk: northKey.publicJwk, jws },
      ],
      concluded: false,
      auditHead: { hash: 'ab'.repeat(32), at: '2025-01-06T10:00:00.000Z' },
    },
  };
}

function serveBundle(json: string, status = 200) {
  const fetched: { url: string; authorization: string | null }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      fetched.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      return Promise.resolve(
        new Response(json, {
          status,
          headers: {
            'content-type': 'application/json',
            'content-disposition': 'attachment; filename="agreement-11111111-v2.json"',
          },
        }),
      );
    }),
  );
  return fetched;
}

describe('the agreement export', () => {
  it('downloads the bundle exactly as the server sent it, with the session token', async () => {
    saveSession(GRANT);
    const json = JSON.stringify((await bundle()).bundle, null, 2);
    const fetched = serveBundle(json);
    const saved: { href: string; download: string }[] = [];
    let blob: Blob | null = null;
    vi.stubGlobal(
      'URL',
      Object.assign(URL, {
        createObjectURL: (made: Blob) => {
          blob = made;
          return 'blob:agreement';
        },
        revokeObjectURL: () => undefined,
      }),
    );
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.getAttribute('href') ?? '', download: this.download });
    });
    const f = new EventFactory();
    renderRoom(northDelegate, [...twoVersions(f), ...agreed(f)]);
    await openTab();
    await userEvent.click(screen.getByRole('button', { name: 'Download the agreement (JSON)' }));
    await waitFor(() =>
      expect(saved).toEqual([{ href: 'blob:agreement', download: 'agreement-11111111-v2.json' }]),
    );
    expect(fetched).toEqual([
      { url: `/api/talks/${TALKS_ID}/agreement`, authorization: 'Bearer session-token-north' },
    ]);
    expect(await (blob as Blob | null)?.text()).toBe(json);
  });

  it('shows a printable page with every language, the signatures’ thumbprints and the audit head', async () => {
    saveSession(GRANT);
    const { bundle: made, northKey } = await bundle();
    serveBundle(JSON.stringify(made));
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    const f = new EventFactory();
    renderRoom(northDelegate, [...twoVersions(f), ...agreed(f)]);
    await openTab();
    await userEvent.click(screen.getByRole('button', { name: 'Printable page' }));
    const page = await screen.findByRole('article', { name: 'The agreement, printable' });
    expect(within(page).getByRole('heading', { name: 'River talks' })).toBeTruthy();
    const first = within(page).getByTestId('print-clause-1');
    expect(within(first).getByTestId('text-en').textContent).toContain(
      'In a dry year the waters are shared 55/45.',
    );
    expect(within(first).getByTestId('text-uk').textContent).toContain(
      'У посушливий рік води розподіляються 55/45.',
    );
    expect(within(first).getByTestId('text-ru').textContent).toContain('Not translated yet.');
    const [term] = within(page).getAllByTestId('print-term') as [HTMLElement];
    expect(term.textContent).toContain('dry year: A year with less than 60% of the mean flow.');
    expect(term.textContent).toContain('посушливий рік: Рік зі стоком менше 60% середнього.');
    expect(within(page).getByTestId('print-text-hash').textContent).toBe(made.textHash);
    await waitFor(() =>
      expect(within(page).getByTestId('print-intact').textContent).toBe('matches the text'),
    );
    expect(within(page).getByTestId('print-audit-head').textContent).toBe('ab'.repeat(32));
    const [north, south] = within(page).getAllByTestId('print-signature') as [HTMLElement, HTMLElement];
    const thumbprint = await jwkThumbprint(northKey.publicJwk);
    await waitFor(() => expect(within(north).getByTestId('print-thumbprint').textContent).toBe(thumbprint));
    expect(north.textContent).toContain('Nils North');
    expect(north.textContent).toContain('ES256');
    expect(south.getAttribute('data-signed')).toBe('false');
    expect(within(page).getByTestId('print-status').textContent).toBe('Awaiting signatures');

    await userEvent.click(within(page).getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledOnce();
    await userEvent.click(within(page).getByRole('button', { name: 'Back' }));
    expect(screen.getByTestId('agreement-room')).toBeTruthy();
    expect(missingKeys()).toEqual([]);
  });

  it('says why the export could not be fetched', async () => {
    saveSession(GRANT);
    serveBundle(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Not found.' } }), 404);
    const f = new EventFactory();
    renderRoom(northDelegate, [...twoVersions(f), ...agreed(f)]);
    await openTab();
    await userEvent.click(screen.getByRole('button', { name: 'Printable page' }));
    expect((await screen.findByTestId('export-error')).textContent).toBe(
      'The agreement could not be fetched: This no longer exists, or you cannot see it.',
    );
  });
});

describe('the agreement in the gallery', () => {
  const observer = member('observer', 'Olga Observer');

  it('shows items implemented early and the concluded agreement with its hash and export', () => {
    const f = new EventFactory();
    const textHash = 'c'.repeat(64);
    const parley = { id: null, role: 'system' as const, partyId: null, displayName: 'Parley' };
    renderWithTalks(<Gallery />, {
      me: observer,
      events: [
        f.opened('River talks'),
        f.event('item.implementedEarly', 'gallery', { itemId: ids.border, title: 'Border' }, parley),
        f.event('package.agreed', 'gallery', { version: 2 }, parley),
        f.event('agreement.concluded', 'gallery', { version: 2, textHash }, parley),
      ],
    });
    const panel = screen.getByRole('region', { name: 'The agreement' });
    expect(within(within(panel).getByTestId('gallery-early')).getByText('Border')).toBeTruthy();
    expect(within(panel).getByTestId('gallery-agreed').textContent).toMatch(
      /^The package was agreed on version 2\./,
    );
    const concluded = within(panel).getByTestId('gallery-concluded');
    expect(concluded.textContent).toContain(
      "The agreement was concluded: every party's head signed version 2.",
    );
    expect(concluded.textContent).toContain(textHash);
    expect(within(concluded).getByRole('button', { name: 'Download the agreement (JSON)' })).toBeTruthy();
    // [SIG7] Plain words and a guide, never a command line, for an observer.
    expect(concluded.textContent).not.toMatch(/npm|parley --|agreement verify|FILE/);
    const guide = within(concluded).getByRole('link', { name: /^How to check this file/ });
    expect(guide.getAttribute('href')).toBe('/help/verify-agreement');
    expect(guide.getAttribute('target')).toBe('_blank');
    expect(missingKeys()).toEqual([]);
  });

  it('says what will appear before anything is agreed', () => {
    renderWithTalks(<Gallery />, { me: observer, events: [new EventFactory().opened()] });
    expect(
      within(screen.getByRole('region', { name: 'The agreement' })).getByText(
        'Nothing agreed yet. Items implemented early and the concluded agreement appear here.',
      ),
    ).toBeTruthy();
  });
});
