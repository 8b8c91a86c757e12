// The client address of an HTTP request or WebSocket handshake, as lib/net/client-address.ts resolves
// it through our own proxies: one reader per process, built from its trust list once. A socket that
// came through the PROXY protocol (server/http/proxy-protocol.ts) has its address already.
import type { IncomingMessage } from 'node:http';
import { clientAddress, proxyMatcher, type ProxyTrust } from '../../lib/net/client-address.ts';
import { proxiedClientAddress } from './proxy-protocol.ts';

/** Reads a request's client address. */
export type AddressOf = (req: IncomingMessage) => string;

/** A reader for `trust` (Config.proxyTrust). */
export function requestAddressReader(trust: ProxyTrust): AddressOf {
  const isTrusted = proxyMatcher(trust);
  // On a PROXY protocol connection X-Forwarded-For is never read: the balancer works at L4 and passes
  // the client's bytes through untouched, so any X-Forwarded-For on it was written by the client (or by
  // a proxy of the client's we know nothing of). Believing it would let every client pick the address
  // its limits count under; the header's address is the one our balancer saw.
  return (req) => proxiedClientAddress(req.socket) ?? clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trust, isTrusted);
}
