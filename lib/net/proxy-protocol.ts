// The PROXY protocol header (https://www.haproxy.org/download/2.6/doc/proxy-protocol.txt) that an L4
// balancer (HAProxy's `send-proxy-v2`) writes at the start of each connection to name the client:
// there is no HTTP for it to add X-Forwarded-For to. Pure: it reads a prefix of the connection's bytes
// and says whether it holds a whole header, the start of one, or something that can never become one,
// so the caller can stop reading at the first byte that rules a header out.
import { isIP } from 'node:net';

/** The 12 bytes that open a version 2 header (chosen to be invalid as the start of any text protocol). */
export const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V1_PREFIX = Buffer.from('PROXY ', 'latin1');
/** A version 1 line is at most 107 bytes with its CRLF (the specification's own bound). */
export const V1_MAX_BYTES = 107;
/**
 * The largest version 2 header we accept, in bytes (16 fixed + the length field). The protocol allows
 * 16 + 65535; we refuse more than 1 KiB. The largest address block is AF_UNIX's 216 bytes (an IPv6
 * one is 36), and the TLVs a balancer adds for a TCP stream (ALPN, the TLS authority of up to 255
 * bytes, a unique id of up to 128, a CRC32C, a network namespace, the TLS summary) fit in the rest.
 * A peer that declares more is not our balancer, and buffering 64 KiB per connection before the
 * first request would be a gift to anyone who can open connections.
 */
export const V2_MAX_BYTES = 1024;
/** The most bytes a connection may send before its header must be complete. */
export const MAX_HEADER_BYTES = V2_MAX_BYTES;

export interface ProxyEndpoint {
  address: string;
  port: number;
}

/** A type-length-value extension of a version 2 header (PP2_TYPE_*), uninterpreted. */
export interface ProxyTlv {
  type: number;
  value: Buffer;
}

/** Why bytes are not a header we accept; a fixed set, so it can label a metric. */
export type ProxyHeaderFault = 'signature' | 'version' | 'command' | 'family' | 'length' | 'too-long' | 'tlv' | 'v1-syntax' | 'address' | 'port';

export type ProxyHeader =
  /** The balancer relays a client: `source` is the client, `destination` the address it connected to. */
  | { kind: 'proxy'; version: 1 | 2; length: number; family: 4 | 6; source: ProxyEndpoint; destination: ProxyEndpoint; tlvs: readonly ProxyTlv[] }
  /**
   * The connection is the balancer's own (a v2 LOCAL command: its health checks), or it names no
   * usable address (v1 UNKNOWN, v2 AF_UNSPEC or AF_UNIX): the TCP peer is the client.
   */
  | { kind: 'local'; version: 1 | 2; length: number }
  /** A prefix of a header we could still accept: read more. */
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: ProxyHeaderFault };

const INCOMPLETE = { kind: 'incomplete' } as const;
const invalid = (reason: ProxyHeaderFault): ProxyHeader => ({ kind: 'invalid', reason });

/**
 * Parses the header at the start of `bytes`. `length` in a result is how many bytes the header took:
 * whatever follows is the client's own data.
 */
export function parseProxyHeader(bytes: Buffer): ProxyHeader {
  if (bytes.length === 0) return INCOMPLETE;
  if (bytes[0] === V2_SIGNATURE[0]) return parseV2(bytes);
  if (bytes[0] === V1_PREFIX[0]) return parseV1(bytes);
  return invalid('signature');
}

// Version 2: signature, version/command, family/transport, length (big-endian), addresses, TLVs.
function parseV2(bytes: Buffer): ProxyHeader {
  const signed = Math.min(bytes.length, V2_SIGNATURE.length);
  if (!bytes.subarray(0, signed).equals(V2_SIGNATURE.subarray(0, signed))) return invalid('signature');
  if (bytes.length < 16) return INCOMPLETE;
  const versionCommand = bytes[12] ?? 0;
  if (versionCommand >> 4 !== 2) return invalid('version');
  const command = versionCommand & 0x0f;
  if (command > 1) return invalid('command');
  const familyTransport = bytes[13] ?? 0;
  const family = familyTransport >> 4;
  const transport = familyTransport & 0x0f;
  const bodyLength = bytes.readUInt16BE(14);
  const length = 16 + bodyLength;
  if (length > V2_MAX_BYTES) return invalid('too-long');
  if (family > 3 || transport > 2) return invalid('family');
  if (bytes.length < length) return INCOMPLETE;
  // LOCAL: the receiver must ignore the address block, whatever it holds (the specification's words).
  if (command === 0) return { kind: 'local', version: 2, length };
  // AF_UNSPEC and AF_UNIX name no IP address: the peer's own stands (as for LOCAL).
  if (family === 0 || family === 3) {
    if (family === 3 && bodyLength < 216) return invalid('length');
    return { kind: 'local', version: 2, length };
  }
  // A datagram relay is not a TCP client.
  if (transport !== 1) return invalid('family');
  const addressBytes = family === 1 ? 4 : 16;
  const blockLength = 2 * addressBytes + 4;
  if (bodyLength < blockLength) return invalid('length');
  const body = bytes.subarray(16, length);
  const tlvs = parseTlvs(body.subarray(blockLength));
  if (tlvs === undefined) return invalid('tlv');
  const addressOf = (offset: number): string => (family === 1 ? formatIpv4(body.subarray(offset, offset + 4)) : formatIpv6(body.subarray(offset, offset + 16)));
  return {
    kind: 'proxy',
    version: 2,
    length,
    family: family === 1 ? 4 : 6,
    source: { address: addressOf(0), port: body.readUInt16BE(2 * addressBytes) },
    destination: { address: addressOf(addressBytes), port: body.readUInt16BE(2 * addressBytes + 2) },
    tlvs,
  };
}

function parseTlvs(bytes: Buffer): ProxyTlv[] | undefined {
  const tlvs: ProxyTlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 3 > bytes.length) return undefined;
    const type = bytes[offset] ?? 0;
    const valueLength = bytes.readUInt16BE(offset + 1);
    const end = offset + 3 + valueLength;
    if (end > bytes.length) return undefined;
    tlvs.push({ type, value: bytes.subarray(offset + 3, end) });
    offset = end;
  }
  return tlvs;
}

// Version 1: `PROXY TCP4 <src> <dst> <srcport> <dstport>\r\n`, `PROXY TCP6 …` or `PROXY UNKNOWN…\r\n`.
function parseV1(bytes: Buffer): ProxyHeader {
  const prefixed = Math.min(bytes.length, V1_PREFIX.length);
  if (!bytes.subarray(0, prefixed).equals(V1_PREFIX.subarray(0, prefixed))) return invalid('signature');
  const end = bytes.subarray(0, V1_MAX_BYTES).indexOf('\r\n');
  if (end === -1) return bytes.length >= V1_MAX_BYTES ? invalid('too-long') : INCOMPLETE;
  const length = end + 2;
  const line = bytes.subarray(V1_PREFIX.length, end).toString('latin1');
  const [protocol, ...fields] = line.split(' ');
  // UNKNOWN: the sender could not tell; the rest of the line is to be ignored.
  if (protocol === 'UNKNOWN') return { kind: 'local', version: 1, length };
  if (protocol !== 'TCP4' && protocol !== 'TCP6') return invalid('v1-syntax');
  if (fields.length !== 4) return invalid('v1-syntax');
  const [sourceAddress = '', destinationAddress = '', sourcePort = '', destinationPort = ''] = fields;
  const family = protocol === 'TCP4' ? 4 : 6;
  if (isIP(sourceAddress) !== family || isIP(destinationAddress) !== family) return invalid('address');
  const ports = [sourcePort, destinationPort].map(parsePort);
  const [source, destination] = ports;
  if (source === undefined || destination === undefined) return invalid('port');
  return {
    kind: 'proxy',
    version: 1,
    length,
    family,
    source: { address: family === 6 ? sourceAddress.toLowerCase() : sourceAddress, port: source },
    destination: { address: family === 6 ? destinationAddress.toLowerCase() : destinationAddress, port: destination },
    tlvs: [],
  };
}

// Decimal 0-65535 without leading zeros, as the specification writes them.
function parsePort(text: string): number | undefined {
  if (!/^(0|[1-9]\d{0,4})$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

function formatIpv4(bytes: Buffer): string {
  return [...bytes].join('.');
}

/** RFC 5952 text: lowercase, the longest run of two or more zero groups as `::`, an IPv4-mapped address as `::ffff:a.b.c.d`. */
export function formatIpv6(bytes: Buffer): string {
  const isMapped = bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return `::ffff:${formatIpv4(bytes.subarray(12, 16))}`;
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
