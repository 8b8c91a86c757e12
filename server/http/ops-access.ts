// Who may read the operations endpoints — /metrics, /readyz and the lab's /api/system, which say how
// a node is built and loaded. With OPS_PORT set they are served only on that internal listener and
// the main port answers them 404; without it the main port serves them to client addresses (after
// proxy resolution) in OPS_ALLOW and answers anyone else 404, as it answers a path that does not
// exist. /healthz stays public: load balancers ask it.
import type { IncomingMessage } from 'node:http';
import type { Config } from '../../lib/config.ts';
import { proxyMatcher } from '../../lib/net/client-address.ts';
import type { AddressOf } from './request-address.ts';

/** The paths only operators may read. */
export const OPS_PATHS: readonly string[] = ['/metrics', '/readyz', '/api/system'];

/**
 * The operations path a request URL names, or undefined. Read loosely — percent-decoded, repeated
 * slashes merged, a trailing slash dropped — so that no spelling a router might still serve slips by.
 */
export function opsPathOf(url: string | undefined): string | undefined {
  const raw = (url ?? '/').split('?')[0] ?? '/';
  let path = raw;
  try {
    path = decodeURIComponent(raw);
  } catch {
    // Not valid percent-encoding: judged as sent.
  }
  path = path.replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
  return OPS_PATHS.find((ops) => ops === path);
}

/** Whether the main listener may answer a request for an operations path. */
export function mainPortOpsAccess(config: Pick<Config, 'ops'>, addressOf: AddressOf): (req: IncomingMessage) => boolean {
  if (config.ops.port !== undefined) return () => false;
  // proxyMatcher is an address-list test; one "hop" turns it on.
  const isAllowed = proxyMatcher({ proxies: config.ops.allow, hops: 1 });
  return (req) => isAllowed(addressOf(req));
}
