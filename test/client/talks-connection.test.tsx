import { describe, expect, it, vi } from 'vitest';
import { TalksConnection } from '../../client/src/api/talks-connection.js';
import type { MemberId } from '../../shared/src/ids.js';
import { EventFactory, TALKS_ID, seededId } from './support/events.js';
import { FakeTransport } from './support/fake-transport.js';

const settled = (connection: TalksConnection, check: () => boolean): Promise<void> =>
  new Promise((resolve) => {
    if (check()) return resolve();
    const stop = connection.subscribe(() => {
      if (check()) {
        stop();
        resolve();
      }
    });
  });

function connect(refresh: () => Promise<boolean> = () => Promise.resolve(true)) {
  const transport = new FakeTransport();
  const connection = new TalksConnection(TALKS_ID, transport, { refresh });
  connection.start();
  return { transport, connection };
}

describe('the live connection resumes from its cursors and never shows an event twice', () => {
  it('syncs everything visible on first connect, page by page, then goes live', async () => {
    const f = new EventFactory();
    const { transport, connection } = connect();
    const opened = f.opened();
    const note = f.event('message.posted', 'mediation', {
      messageId: 'n1',
      channel: 'mediation',
      partyId: null,
      text: 'n',
    });
    transport.pages = [
      { events: [opened], more: true },
      { events: [note], more: false },
    ];
    transport.signal({ kind: 'connected' });
    await settled(connection, () => connection.getState().status === 'online');

    expect(transport.syncs.map((s) => s.cursors)).toEqual([{}, { gallery: 1 }]);
    expect(connection.getState().view.messages.map((m) => m.text)).toEqual(['n']);
    connection.stop();
  });

  it('after a reconnect, asks only for what follows its cursors and folds each event once', async () => {
    const f = new EventFactory();
    const { transport, connection } = connect();
    const first = f.event('message.posted', 'mediation', {
      messageId: 'a',
      channel: 'mediation',
      partyId: null,
      text: 'a',
    });
    transport.pages = [{ events: [f.opened(), first], more: false }];
    transport.signal({ kind: 'connected' });
    await settled(connection, () => connection.getState().status === 'online');

    transport.signal({ kind: 'disconnected', byServer: false });
    expect(connection.getState().status).toBe('reconnecting');
    const second = f.event('message.posted', 'mediation', {
      messageId: 'b',
      channel: 'mediation',
      partyId: null,
      text: 'b',
    });
    // The server may replay what we already hold: it must not show twice.
    transport.pages = [{ events: [first, second], more: false }];
    transport.signal({ kind: 'connected' });
    await settled(connection, () => connection.getState().status === 'online');

    expect(transport.syncs.at(-1)?.cursors).toEqual({ gallery: 1, mediation: 1 });
    expect(connection.getState().view.messages.map((m) => m.text)).toEqual(['a', 'b']);
    transport.push(second);
    expect(connection.getState().view.messages.map((m) => m.text)).toEqual(['a', 'b']);
    connection.stop();
  });

  it('tries the sync again when the server did not answer it', async () => {
    vi.useFakeTimers();
    try {
      const f = new EventFactory();
      const { transport, connection } = connect();
      const sync = transport.sync.bind(transport);
      let calls = 0;
      transport.sync = (request) => {
        calls += 1;
        if (calls === 1)
          return Promise.resolve({ ok: false, error: { code: 'NO_ANSWER', message: 'timeout' } });
        return sync(request);
      };
      transport.pages = [{ events: [f.opened()], more: false }];
      transport.signal({ kind: 'connected' });
      await vi.waitFor(() => expect(connection.getState().status).toBe('reconnecting'));
      await vi.advanceTimersByTimeAsync(3_000);
      await vi.waitFor(() => expect(connection.getState().status).toBe('online'));
      expect(connection.getState().view.talks?.title).toBe('Harbour talks');
      connection.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('[WEB2] waits out a store outage: a sync answered UNAVAILABLE is tried again after retryAfterMs, not given up', async () => {
    vi.useFakeTimers();
    try {
      const f = new EventFactory();
      const { transport, connection } = connect();
      const sync = transport.sync.bind(transport);
      let calls = 0;
      transport.sync = (request) => {
        calls += 1;
        if (calls <= 2)
          return Promise.resolve({
            ok: false,
            error: { code: 'UNAVAILABLE', message: 'The store cannot answer in time.', retryAfterMs: 5_000 },
          });
        return sync(request);
      };
      transport.pages = [{ events: [f.opened()], more: false }];
      transport.signal({ kind: 'connected' });
      await vi.advanceTimersByTimeAsync(0);
      expect(connection.getState().status).toBe('reconnecting');
      expect(connection.getState().ended).toBeNull();
      await vi.advanceTimersByTimeAsync(4_999);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await vi.advanceTimersByTimeAsync(5_000);
      await vi.waitFor(() => expect(connection.getState().status).toBe('online'));
      expect(calls).toBe(3);
      expect(connection.getState().view.talks?.title).toBe('Harbour talks');
      connection.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('[WEB2] comes back by itself after the server closed every connection for a shutdown', () => {
    const { transport, connection } = connect();
    transport.signal({ kind: 'connected' });
    // Shutting down, the server disconnects every socket: Socket.IO does not reconnect on its own then.
    transport.signal({ kind: 'disconnected', byServer: true });
    expect(connection.getState().status).toBe('reconnecting');
    expect(transport.opened).toBe(2);
    expect(connection.getState().ended).toBeNull();
    connection.stop();
  });

  it('fetches the missing events when a pushed event skips an aseq', async () => {
    const f = new EventFactory();
    const { transport, connection } = connect();
    transport.pages = [{ events: [f.opened()], more: false }];
    transport.signal({ kind: 'connected' });
    await settled(connection, () => connection.getState().status === 'online');

    const missed = f.event('message.posted', 'mediation', {
      messageId: 'x',
      channel: 'mediation',
      partyId: null,
      text: 'missed',
    });
    const pushed = f.event('message.posted', 'mediation', {
      messageId: 'y',
      channel: 'mediation',
      partyId: null,
      text: 'pushed',
    });
    transport.pages = [{ events: [missed, pushed], more: false }];
    transport.push(pushed);
    await settled(connection, () => connection.getState().view.messages.length === 2);

    expect(transport.syncs.at(-1)?.cursors).toEqual({ gallery: 1 });
    expect(connection.getState().view.messages.map((m) => m.text)).toEqual(['missed', 'pushed']);
    connection.stop();
  });

  it('refreshes the session and reconnects when the server cuts an expired socket', async () => {
    let refreshed = 0;
    const { transport, connection } = connect(() => {
      refreshed += 1;
      return Promise.resolve(true);
    });
    transport.signal({ kind: 'closing', reason: { code: 'AUTH_EXPIRED', message: 'expired' } });
    transport.signal({ kind: 'disconnected', byServer: true });
    await vi.waitFor(() => expect(transport.opened).toBe(2));

    expect(refreshed).toBe(1);
    expect(connection.getState().ended).toBeNull();
    connection.stop();
  });

  it('reconnects with the same token when the server went away without a reason (a restart)', () => {
    let refreshed = 0;
    const { transport, connection } = connect(() => {
      refreshed += 1;
      return Promise.resolve(true);
    });
    transport.signal({ kind: 'disconnected', byServer: true });
    expect(transport.opened).toBe(2);
    expect(refreshed).toBe(0);
    connection.stop();
  });

  it('ends for good, saying so, when the member was removed', () => {
    const { transport, connection } = connect();
    transport.signal({ kind: 'closing', reason: { code: 'FORBIDDEN', message: 'removed' } });
    expect(connection.getState().ended).toBe('removed');
    expect(transport.closed).toBe(1);
  });

  it('[OPS4] pages through byte-bounded pages that mix audiences, keeping each audience\'s cursor exact', async () => {
    const f = new EventFactory();
    const { transport, connection } = connect();
    const note = (text: string) =>
      f.event('message.posted', 'mediation', { messageId: text, channel: 'mediation', partyId: null, text });
    const opened = f.opened();
    const [a, b, c] = [note('a'), note('b'), note('c')];
    // A page may stop anywhere: after one event, or in the middle of an audience's run.
    transport.pages = [
      { events: [opened], more: true },
      { events: [a], more: true },
      { events: [b, c], more: false },
    ];
    transport.signal({ kind: 'connected' });
    await settled(connection, () => connection.getState().status === 'online');
    expect(transport.syncs.map((sync) => sync.cursors)).toEqual([
      {},
      { gallery: 1 },
      { gallery: 1, mediation: 1 },
    ]);
    expect(connection.getState().view.messages.map((m) => m.text)).toEqual(['a', 'b', 'c']);
    connection.stop();
  });

  it('[OPS3] a sync refused over the read budget is retried after the wait the server named, from the same cursors', async () => {
    vi.useFakeTimers();
    try {
      const f = new EventFactory();
      const { transport, connection } = connect();
      const sync = transport.sync.bind(transport);
      let calls = 0;
      transport.sync = (request) => {
        calls += 1;
        if (calls === 2) {
          transport.syncs.push(structuredClone(request));
          return Promise.resolve({
            ok: false,
            error: { code: 'RATE_LIMITED', message: 'wait', retryAfterMs: 1_200 },
          });
        }
        return sync(request);
      };
      transport.pages = [
        { events: [f.opened()], more: true },
        {
          events: [f.event('message.posted', 'mediation', { messageId: 'm', channel: 'mediation', partyId: null, text: 'm' })],
          more: false,
        },
      ];
      transport.signal({ kind: 'connected' });
      await vi.waitFor(() => expect(connection.getState().status).toBe('reconnecting'));
      await vi.advanceTimersByTimeAsync(1_100);
      expect(calls).toBe(2);
      await vi.advanceTimersByTimeAsync(200);
      await vi.waitFor(() => expect(connection.getState().status).toBe('online'));
      expect(transport.syncs.map((s) => s.cursors)).toEqual([{}, { gallery: 1 }, { gallery: 1 }]);
      expect(connection.getState().view.messages.map((m) => m.text)).toEqual(['m']);
      connection.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('[OPS2] closed for a newer window, it waits for the person instead of reconnecting (no loop against the cap)', () => {
    const { transport, connection } = connect();
    transport.signal({ kind: 'closing', reason: { code: 'RATE_LIMITED', message: 'opened elsewhere' } });
    transport.signal({ kind: 'disconnected', byServer: true });
    expect(connection.getState().ended).toBe('replaced');
    expect(transport.opened).toBe(1);
    connection.resume();
    expect(connection.getState().ended).toBeNull();
    expect(transport.opened).toBe(2);
    connection.stop();
  });

  it('keeps presence live from talks.get and the presence messages', async () => {
    const f = new EventFactory();
    const { transport, connection } = connect();
    transport.pages = [{ events: [f.opened()], more: false }];
    transport.signal({ kind: 'connected' });
    await settled(connection, () => connection.getState().snapshot.online !== null);
    const memberId = seededId<MemberId>();
    transport.signal({ kind: 'presence', change: { talksId: TALKS_ID, memberId, online: true } });
    expect(connection.getState().snapshot.online?.has(memberId)).toBe(true);
    transport.signal({ kind: 'presence', change: { talksId: TALKS_ID, memberId, online: false } });
    expect(connection.getState().snapshot.online?.has(memberId)).toBe(false);
    connection.stop();
  });

  it('sends a command with the caller’s commandId, so a retry is the same command', async () => {
    const { transport, connection } = connect();
    const commandId = '99999999-9999-4999-8999-999999999999';
    await connection.send('phase.change', { to: 'negotiation' }, commandId);
    await connection.send('phase.change', { to: 'negotiation' }, commandId);
    expect(transport.commands.map((c) => c.commandId)).toEqual([commandId, commandId]);
    expect(transport.commands[0]).toMatchObject({
      talksId: TALKS_ID,
      type: 'phase.change',
      payload: { to: 'negotiation' },
    });
    connection.stop();
  });
});
