import { isIP } from 'node:net';
import { UserError } from '../common/user-error';

/**
 * This machine's rule: load goes only to its own loopback addresses, or to hosts explicitly
 * allowed (the lab's own docker containers). Anything else is refused before a request leaves.
 */
export class RefusedTargetError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTargetError';
  }
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** The parsed base URL when it may receive load; throws RefusedTargetError otherwise. */
export function checkLoadTarget(baseUrl: string, allowHosts: readonly string[] = []): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RefusedTargetError(`not a URL: ${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RefusedTargetError(`only http and https targets are supported, got ${url.protocol}`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const allowed = allowHosts.map((h) => h.replace(/^\[(.*)\]$/, '$1').toLowerCase());
  if (!isLoopbackHost(host) && !allowed.includes(host)) {
    throw new RefusedTargetError(
      `refusing to send load to ${url.hostname}: only 127.0.0.1, localhost and ::1 (or hosts passed in allowHosts, for the lab's own containers) may receive load`,
    );
  }
  return url;
}
