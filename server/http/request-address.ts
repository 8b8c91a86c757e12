// The client address of an HTTP request or WebSocket handshake, as lib/net/client-address.ts resolves
// it through our own proxies: one reader per process, built from its trust list once.
import type { IncomingMessage } from 'node:http';
import { clientAddress, proxyMatcher, type ProxyTrust } from '../../lib/net/client-address.ts';

/** Reads a request's client address. */
export type AddressOf = (req: IncomingMessage) => string;

/** A reader for `trust` (Config.proxyTrust). */
export function requestAddressReader(trust: ProxyTrust): AddressOf {
  const isTrusted = proxyMatcher(trust);
  return (req) => clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trust, isTrusted);
}
