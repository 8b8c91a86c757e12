// Which address a request comes from, for per-client limits and logs. The TCP peer, unless that peer
// is one of our own proxies (TRUSTED_PROXIES): then the X-Forwarded-For entry it appended, stepping
// left at most `hops` times and only while the address stepped from is trusted. Entries a client
// wrote itself are never reached, and a client that connects directly is judged by its own address.
import { BlockList, isIP } from 'node:net';

/** Who may tell us a client's address: the proxies' addresses or CIDR ranges, and how many of them are chained. */
export interface ProxyTrust {
  proxies: readonly string[];
  hops: number;
}

/** No proxy is trusted: the TCP peer is the client. */
export const NO_PROXY_TRUST: ProxyTrust = { proxies: [], hops: 0 };

/** The header the custom server stamps on every request it hands to Next (any copy a client sent is replaced). */
export const CLIENT_ADDRESS_HEADER = 'x-tickwire-client-address';

/** Whether `entry` is an IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`) that TRUSTED_PROXIES accepts. */
export function isProxyEntry(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  if (address === undefined || extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d{1,3}$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
}

/** Builds the address test for a trust list once; entries must pass `isProxyEntry`. */
export function proxyMatcher(trust: ProxyTrust): (address: string) => boolean {
  if (trust.proxies.length === 0 || trust.hops === 0) return () => false;
  const list = new BlockList();
  for (const entry of trust.proxies) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (address) => {
    const plain = unmapped(address);
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** The client's address for a request that arrived from `peer` with this X-Forwarded-For header. */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trust: ProxyTrust, isTrusted = proxyMatcher(trust)): string {
  let address = unmapped(peer ?? 'unknown');
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const chain = header.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (let hop = 0; hop < trust.hops && isTrusted(address); hop++) {
    const next = chain.pop();
    if (next === undefined || isIP(unmapped(next)) === 0) break;
    address = unmapped(next);
  }
  return address;
}

/**
 * The key a per-address limit counts under: an IPv4 address as it is, an IPv6 address by its /64
 * (one subscriber usually holds a whole /64, so single addresses would give one client 2^64 budgets).
 */
export function limitKeyOf(address: string): string {
  const plain = unmapped(address);
  if (isIP(plain) !== 6) return plain;
  return `${expandIpv6(plain).slice(0, 4).join(':')}::/64`;
}

// An IPv4 client of a dual-stack socket shows up as ::ffff:1.2.3.4.
function unmapped(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = (address.toLowerCase().split('%')[0] ?? '').split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (64:ff9b::1.2.3.4) fills the last two groups.
  const groups = tail === undefined ? left : right;
  const quad = groups.at(-1) ?? '';
  if (isIP(quad) === 4) {
    const [a = 0, b = 0, c = 0, d = 0] = quad.split('.').map(Number);
    groups.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => group.padStart(4, '0'));
}
