import { isIP } from 'node:net';
import type { Config } from '../config.js';

// [ID9] DNS rebinding: a page on a name the attacker controls is made to resolve to
// this server; the browser then calls it "same-origin", sending Origin and Host both
// with the attacker's name. The Host header therefore has to name this server: the
// host of the public URL or of an allowed origin. An IP literal or `localhost` is
// never what a rebinding sends (the attack needs a name of its own), so direct
// access by address (tests, health probes, a LAN) stays possible.

export type HostCheck = (host: string | undefined) => boolean;

export function hostCheck(config: Pick<Config, 'publicUrl' | 'allowedOrigins'>): HostCheck {
  const names = new Set(
    [config.publicUrl, ...config.allowedOrigins]
      .filter((url) => URL.canParse(url))
      .map((url) => new URL(url).hostname.toLowerCase()),
  );
  return (host) => {
    if (host === undefined || host === '' || !URL.canParse(`http://${host}`)) return false;
    const hostname = new URL(`http://${host}`).hostname.toLowerCase();
    const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    return names.has(hostname) || isIP(bare) !== 0 || hostname === 'localhost';
  };
}

export const FOREIGN_HOST_MESSAGE = 'This server does not answer under that host name.';
