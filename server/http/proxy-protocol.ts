// PROXY_PROTOCOL on the main port: behind an L4 balancer (HAProxy `send-proxy-v2`) the client's address
// arrives as a PROXY protocol header before the connection's first byte of HTTP, not in X-Forwarded-For.
// Every connection must come from a trusted proxy (TRUSTED_PROXIES) and open with a header
// (lib/net/proxy-protocol.ts), complete within MAX_HEADER_BYTES and HEADER_TIMEOUT_MS; the rest is handed
// to the HTTP server's own connection handling, and the address the header names is remembered for the
// socket, where request-address.ts reads it for every request, handshake, stream and log line.
// Anything else is closed without a word: an HTTP answer would be read by nobody who speaks the protocol.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../lib/log.ts';
import { getMetrics } from '../../lib/metrics.ts';
import { clientAddress, NO_PROXY_TRUST } from '../../lib/net/client-address.ts';
import { MAX_HEADER_BYTES, parseProxyHeader, type ProxyHeaderFault } from '../../lib/net/proxy-protocol.ts';

/** How long a connection may take to send its whole header: the balancer sends it with its first packet. */
export const HEADER_TIMEOUT_MS = 5000;

/** Why a connection was closed before HTTP: a header fault, or one of these. */
export type ProxyRefusal = ProxyHeaderFault | 'untrusted-peer' | 'timeout' | 'closed';

// Sockets of the main port and the client each one's header named (or, for LOCAL, the peer itself).
const clientAddresses = new WeakMap<object, string>();

/**
 * The client address a PROXY protocol header gave this request's socket; undefined for a socket that
 * did not come through requireProxyProtocol (PROXY_PROTOCOL off, or the operations port).
 */
export function proxiedClientAddress(socket: Duplex | { remoteAddress?: string }): string | undefined {
  return clientAddresses.get(socket);
}

export interface ProxyProtocolOptions {
  /** Whether a TCP peer may send a header (Config.proxyTrust's matcher): the balancers only. */
  isTrustedPeer: (address: string) => boolean;
  logger: Logger;
  timeoutMs?: number;
}

/**
 * Puts the header read in front of `server`'s HTTP parsing: the HTTP server's own 'connection'
 * handling runs only for sockets that sent a good header, with the bytes after it pushed back.
 * The server itself still listens, so its connection tracking, timeouts and close work as before.
 */
export function requireProxyProtocol(server: Server, options: ProxyProtocolOptions): void {
  const toHttp = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const timeoutMs = options.timeoutMs ?? HEADER_TIMEOUT_MS;
  const { badInput } = getMetrics();

  function refuse(socket: Socket, reason: ProxyRefusal): void {
    badInput.inc({ source: 'proxy-protocol', reason });
    options.logger.debug({ peer: socket.remoteAddress, reason }, 'connection refused: no valid PROXY protocol header');
    socket.destroy();
  }

  server.on('connection', (socket: Socket) => {
    const peer = socket.remoteAddress ?? '';
    if (!options.isTrustedPeer(peer)) return refuse(socket, 'untrusted-peer');
    let buffered: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const onError = (): void => finish('closed');
    const onClose = (): void => finish('closed');
    function finish(refusal: ProxyRefusal | undefined): void {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (refusal !== undefined) refuse(socket, refusal);
    }
    function onData(chunk: Buffer): void {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const header = parseProxyHeader(buffered);
      if (header.kind === 'incomplete') {
        // The parser answers before the bound for a well-formed header; this guards the arithmetic.
        if (buffered.length >= MAX_HEADER_BYTES) finish('too-long');
        return;
      }
      if (header.kind === 'invalid') return finish(header.reason);
      finish(undefined);
      // LOCAL (the balancer's health check): the peer is the client. Either way X-Forwarded-For is
      // not read on this socket (request-address.ts).
      // An IPv4-mapped IPv6 address (::ffff:1.2.3.4) is stored as the IPv4 address, as client-address.ts reads it.
      clientAddresses.set(socket, clientAddress(header.kind === 'proxy' ? header.source.address : peer, undefined, NO_PROXY_TRUST));
      socket.pause();
      const rest = buffered.subarray(header.length);
      if (rest.length > 0) socket.unshift(rest);
      for (const listener of toHttp) listener.call(server, socket);
      socket.resume();
    }
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}
