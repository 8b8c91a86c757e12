// The PROXY protocol parser on real header bytes: version 2 (IPv4, IPv6, LOCAL, TLVs, truncated,
// wrong signature, a declared length past our bound) and version 1 lines; any split of a valid header
// reads as `incomplete` until its last byte, then as the whole header; random bytes never throw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatIpv6, MAX_HEADER_BYTES, parseProxyHeader, V1_MAX_BYTES, V2_MAX_BYTES, V2_SIGNATURE, type ProxyHeader } from '../../../lib/net/proxy-protocol.ts';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// Written out byte by byte from the specification, as HAProxy sends them with `send-proxy-v2`:
// signature, 0x21 (v2, PROXY), 0x11 (AF_INET, STREAM), length 12, 192.0.2.10 → 198.51.100.1, 51234 → 443.
const V2_IPV4 = hex('0d0a0d0a000d0a515549540a 21 11 000c c000020a c6336401 c822 01bb');
// 0x21 (v2, PROXY), 0x21 (AF_INET6, STREAM), length 36, 2001:db8::1 → 2001:db8:0:1::2, 40000 → 8080.
const V2_IPV6 = hex('0d0a0d0a000d0a515549540a 21 21 0024 20010db8000000000000000000000001 20010db8000000010000000000000002 9c40 1f90');
// What HAProxy's health checks send: 0x20 (v2, LOCAL), 0x00 (AF_UNSPEC), length 0.
const V2_LOCAL = hex('0d0a0d0a000d0a515549540a 20 00 0000');
// IPv4 plus two TLVs: PP2_TYPE_ALPN (0x01) "h2" and PP2_TYPE_UNIQUE_ID (0x05) "abc"; length 12 + 5 + 6.
const V2_TLVS = hex('0d0a0d0a000d0a515549540a 21 11 0017 7f000002 7f000001 d431 0050 01 0002 6832 05 0003 616263');

// Captured from Debian's HAProxy 2.6.12 running deploy/haproxy.cfg: a client at 127.0.0.2:33262 that
// connected to 127.0.0.1:18080 (the header and the request's first bytes in one segment), and a health check.
const HAPROXY_CLIENT = hex('0d0a0d0a000d0a515549540a2111000c7f0000027f00000181ee46a0474554202f7820485454502f312e310d0a');
const HAPROXY_CHECK = hex('0d0a0d0a000d0a515549540a20000000474554202f6865616c74687a20485454502f312e310d0a');

describe('parseProxyHeader, version 2', () => {
  it("reads what HAProxy 2.6 sends: a client's header, and LOCAL on its health checks", () => {
    const client = parseProxyHeader(HAPROXY_CLIENT);
    assert.equal(client.kind, 'proxy');
    assert.deepEqual(client.kind === 'proxy' && [client.length, client.source, client.destination, client.tlvs], [28, { address: '127.0.0.2', port: 33262 }, { address: '127.0.0.1', port: 18080 }, []]);
    assert.equal(HAPROXY_CLIENT.subarray(28).toString(), 'GET /x HTTP/1.1\r\n');
    assert.deepEqual(parseProxyHeader(HAPROXY_CHECK), { kind: 'local', version: 2, length: 16 });
    assert.equal(HAPROXY_CHECK.subarray(16).toString(), 'GET /healthz HTTP/1.1\r\n');
  });

  it('reads an IPv4 client and leaves the bytes after the header to the caller', () => {
    const request = Buffer.from('GET / HTTP/1.1\r\n\r\n');
    const header = parseProxyHeader(Buffer.concat([V2_IPV4, request]));
    assert.deepEqual(header, {
      kind: 'proxy',
      version: 2,
      length: 28,
      family: 4,
      source: { address: '192.0.2.10', port: 51234 },
      destination: { address: '198.51.100.1', port: 443 },
      tlvs: [],
    });
  });

  it('reads an IPv6 client in RFC 5952 text', () => {
    const header = parseProxyHeader(V2_IPV6);
    assert.equal(header.kind, 'proxy');
    assert.equal(header.kind === 'proxy' && header.length, 52);
    assert.deepEqual(header.kind === 'proxy' && [header.source, header.destination], [
      { address: '2001:db8::1', port: 40000 },
      { address: '2001:db8:0:1::2', port: 8080 },
    ]);
  });

  it('reads LOCAL (a health check of the balancer itself) as no client address', () => {
    assert.deepEqual(parseProxyHeader(V2_LOCAL), { kind: 'local', version: 2, length: 16 });
    // LOCAL with an address block: the block is ignored, as the specification says.
    const localWithBlock = Buffer.from(V2_IPV4);
    localWithBlock[12] = 0x20;
    assert.deepEqual(parseProxyHeader(localWithBlock), { kind: 'local', version: 2, length: 28 });
  });

  it('skips TLVs and hands them over uninterpreted', () => {
    const header = parseProxyHeader(V2_TLVS);
    assert.equal(header.kind, 'proxy');
    if (header.kind !== 'proxy') return;
    assert.equal(header.length, V2_TLVS.length);
    assert.deepEqual(header.source, { address: '127.0.0.2', port: 54321 });
    assert.deepEqual(
      header.tlvs.map((tlv) => [tlv.type, tlv.value.toString()]),
      [
        [0x01, 'h2'],
        [0x05, 'abc'],
      ],
    );
  });

  it('says incomplete for every truncation, never proxy or invalid', () => {
    for (const full of [V2_IPV4, V2_IPV6, V2_LOCAL, V2_TLVS]) {
      for (let cut = 0; cut < full.length; cut++) assert.deepEqual(parseProxyHeader(full.subarray(0, cut)), { kind: 'incomplete' }, `cut at ${cut}`);
    }
  });

  it('refuses a wrong signature at the first byte that differs', () => {
    const wrong = Buffer.from(V2_IPV4);
    wrong[6] = 0x0b;
    assert.deepEqual(parseProxyHeader(wrong.subarray(0, 7)), { kind: 'invalid', reason: 'signature' });
    assert.deepEqual(parseProxyHeader(Buffer.from('GET / HTTP/1.1\r\n')), { kind: 'invalid', reason: 'signature' });
    assert.deepEqual(parseProxyHeader(Buffer.from('\r\n\r\nGET')), { kind: 'invalid', reason: 'signature' });
  });

  it('refuses a declared length past the bound at once, without waiting for the bytes', () => {
    const huge = Buffer.from(V2_IPV4.subarray(0, 16));
    huge.writeUInt16BE(0xffff, 14);
    assert.deepEqual(parseProxyHeader(huge), { kind: 'invalid', reason: 'too-long' });
    const justFits = Buffer.concat([V2_IPV4.subarray(0, 16), Buffer.alloc(V2_MAX_BYTES - 16)]);
    justFits.writeUInt16BE(V2_MAX_BYTES - 16, 14);
    justFits.writeUInt32BE(0x7f000002, 16);
    // The padding after the addresses is read as TLVs of type 0 and length 0: well formed.
    assert.equal(parseProxyHeader(justFits).kind, 'proxy');
    const oneMore = Buffer.from(justFits.subarray(0, 16));
    oneMore.writeUInt16BE(V2_MAX_BYTES - 15, 14);
    assert.deepEqual(parseProxyHeader(oneMore), { kind: 'invalid', reason: 'too-long' });
    assert.equal(MAX_HEADER_BYTES, V2_MAX_BYTES);
  });

  it('refuses a bad version, command, family, short address block or overrunning TLV', () => {
    const variant = (offset: number, byte: number): Buffer => {
      const bytes = Buffer.from(V2_IPV4);
      bytes[offset] = byte;
      return bytes;
    };
    assert.deepEqual(parseProxyHeader(variant(12, 0x11)), { kind: 'invalid', reason: 'version' });
    assert.deepEqual(parseProxyHeader(variant(12, 0x22)), { kind: 'invalid', reason: 'command' });
    assert.deepEqual(parseProxyHeader(variant(13, 0x41)), { kind: 'invalid', reason: 'family' });
    assert.deepEqual(parseProxyHeader(variant(13, 0x12)), { kind: 'invalid', reason: 'family' }, 'a datagram relay');
    // AF_INET6 with an IPv4-sized block.
    assert.deepEqual(parseProxyHeader(variant(13, 0x21)), { kind: 'invalid', reason: 'length' });
    const overrun = Buffer.from(V2_TLVS);
    overrun.writeUInt16BE(4, V2_TLVS.length - 5);
    assert.deepEqual(parseProxyHeader(overrun), { kind: 'invalid', reason: 'tlv' });
  });

  it('takes AF_UNSPEC and AF_UNIX as no client address', () => {
    const unspec = hex('0d0a0d0a000d0a515549540a 21 00 0000');
    assert.deepEqual(parseProxyHeader(unspec), { kind: 'local', version: 2, length: 16 });
    const unix = Buffer.concat([hex('0d0a0d0a000d0a515549540a 21 31 00d8'), Buffer.alloc(216)]);
    assert.deepEqual(parseProxyHeader(unix), { kind: 'local', version: 2, length: 232 });
  });

  it('writes IPv6 as RFC 5952 text', () => {
    assert.equal(formatIpv6(hex('00000000000000000000000000000001')), '::1');
    assert.equal(formatIpv6(hex('00000000000000000000000000000000')), '::');
    assert.equal(formatIpv6(hex('20010db8000000000001000000000001')), '2001:db8::1:0:0:1');
    assert.equal(formatIpv6(hex('20010db8000100000001000100010001')), '2001:db8:1:0:1:1:1:1', 'one zero group stays');
    assert.equal(formatIpv6(hex('00000000000000000000ffffc0000201')), '::ffff:192.0.2.1');
  });
});

describe('parseProxyHeader, version 1', () => {
  it('reads TCP4 and TCP6 lines', () => {
    assert.deepEqual(parseProxyHeader(Buffer.from('PROXY TCP4 192.0.2.10 198.51.100.1 51234 443\r\nGET /')), {
      kind: 'proxy',
      version: 1,
      length: 46,
      family: 4,
      source: { address: '192.0.2.10', port: 51234 },
      destination: { address: '198.51.100.1', port: 443 },
      tlvs: [],
    });
    const v6 = parseProxyHeader(Buffer.from('PROXY TCP6 2001:DB8::1 ::1 65535 0\r\n'));
    assert.deepEqual(v6.kind === 'proxy' && [v6.source, v6.destination], [
      { address: '2001:db8::1', port: 65535 },
      { address: '::1', port: 0 },
    ]);
  });

  it('reads UNKNOWN as no client address, ignoring the rest of the line', () => {
    assert.deepEqual(parseProxyHeader(Buffer.from('PROXY UNKNOWN\r\n')), { kind: 'local', version: 1, length: 15 });
    assert.deepEqual(parseProxyHeader(Buffer.from('PROXY UNKNOWN ffff:f...f:ffff 1.2.3.4 65535 65535\r\n')).kind, 'local');
  });

  it('refuses bad lines', () => {
    const cases: [string, string][] = [
      ['PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n', 'v1-syntax'],
      ['PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n', 'v1-syntax'],
      ['PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n', 'v1-syntax'],
      ['PROXY TCP4 ::1 5.6.7.8 1 2\r\n', 'address'],
      ['PROXY TCP6 1.2.3.4 ::1 1 2\r\n', 'address'],
      ['PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n', 'port'],
      ['PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n', 'port'],
      ['PROXX TCP4', 'signature'],
    ];
    for (const [line, reason] of cases) assert.deepEqual(parseProxyHeader(Buffer.from(line)), { kind: 'invalid', reason }, line);
  });

  it('refuses a line without CRLF within 107 bytes', () => {
    const long = Buffer.from(`PROXY TCP4 ${'1'.repeat(200)}`);
    assert.deepEqual(parseProxyHeader(long.subarray(0, V1_MAX_BYTES - 1)), { kind: 'incomplete' });
    assert.deepEqual(parseProxyHeader(long.subarray(0, V1_MAX_BYTES)), { kind: 'invalid', reason: 'too-long' });
  });
});

// Valid headers of every kind, with the bytes a client sent after them.
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((bytes) => Buffer.from(bytes));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes));
const port = fc.integer({ min: 0, max: 65535 });
const tlv = fc.record({ type: fc.integer({ min: 0, max: 255 }), value: fc.uint8Array({ maxLength: 40 }) }).map(({ type, value }) => {
  const bytes = Buffer.alloc(3 + value.length);
  bytes[0] = type;
  bytes.writeUInt16BE(value.length, 1);
  Buffer.from(value).copy(bytes, 3);
  return bytes;
});

function v2Header(versionCommand: number, familyTransport: number, body: Buffer): Buffer {
  const fixed = Buffer.alloc(16);
  V2_SIGNATURE.copy(fixed);
  fixed[12] = versionCommand;
  fixed[13] = familyTransport;
  fixed.writeUInt16BE(body.length, 14);
  return Buffer.concat([fixed, body]);
}

const portBytes = (a: number, b: number): Buffer => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt16BE(a);
  bytes.writeUInt16BE(b, 2);
  return bytes;
};

const validHeader: fc.Arbitrary<Buffer> = fc.oneof(
  fc.tuple(ipv4, ipv4, port, port, fc.array(tlv, { maxLength: 4 })).map(([s, d, sp, dp, tlvs]) => v2Header(0x21, 0x11, Buffer.concat([s, d, portBytes(sp, dp), ...tlvs]))),
  fc.tuple(ipv6, ipv6, port, port, fc.array(tlv, { maxLength: 4 })).map(([s, d, sp, dp, tlvs]) => v2Header(0x21, 0x21, Buffer.concat([s, d, portBytes(sp, dp), ...tlvs]))),
  fc.uint8Array({ maxLength: 60 }).map((block) => v2Header(0x20, 0x00, Buffer.from(block))),
  fc.tuple(ipv4, ipv4, port, port).map(([s, d, sp, dp]) => Buffer.from(`PROXY TCP4 ${[...s].join('.')} ${[...d].join('.')} ${sp} ${dp}\r\n`)),
  fc.tuple(ipv6, ipv6, port, port).map(([s, d, sp, dp]) => Buffer.from(`PROXY TCP6 ${formatIpv6(s)} ${formatIpv6(d)} ${sp} ${dp}\r\n`)),
  fc.constant(Buffer.from('PROXY UNKNOWN\r\n')),
);

/** Feeds the chunks one by one into a growing buffer, as the listener does; returns the first non-incomplete answer. */
function parseChunked(chunks: Buffer[]): { header: ProxyHeader; chunksRead: number } {
  let buffered = Buffer.alloc(0);
  for (const [index, chunk] of chunks.entries()) {
    buffered = Buffer.concat([buffered, chunk]);
    const header = parseProxyHeader(buffered);
    if (header.kind !== 'incomplete') return { header, chunksRead: index + 1 };
  }
  return { header: { kind: 'incomplete' }, chunksRead: chunks.length };
}

describe('parseProxyHeader, properties', () => {
  it('reads any split of a valid header as the header whole, once its last byte is in', () => {
    fc.assert(
      fc.property(validHeader, fc.uint8Array({ maxLength: 30 }), fc.array(fc.nat(), { maxLength: 6 }), (header, trailing, cutSeeds) => {
        const wire = Buffer.concat([header, Buffer.from(trailing)]);
        const whole = parseProxyHeader(wire);
        assert.ok(whole.kind === 'proxy' || whole.kind === 'local', `a valid header reads as ${JSON.stringify(whole)}`);
        assert.equal(whole.length, header.length);
        const cuts = [...new Set(cutSeeds.map((seed) => seed % (wire.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...cuts].map((from, i, all) => wire.subarray(from, all[i + 1] ?? wire.length));
        const { header: chunked, chunksRead } = parseChunked(chunks);
        assert.deepEqual(chunked, whole);
        // It answered at the chunk holding the header's last byte, no earlier and no later.
        const bytesRead = chunks.slice(0, chunksRead).reduce((sum, chunk) => sum + chunk.length, 0);
        assert.ok(bytesRead >= header.length && bytesRead - (chunks[chunksRead - 1]?.length ?? 0) < header.length);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random bytes and never asks for more than the bound', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.concat([V2_SIGNATURE, Buffer.from(bytes)]))), (bytes) => {
        const header = parseProxyHeader(Buffer.from(bytes));
        if (header.kind === 'incomplete') assert.ok(bytes.length < MAX_HEADER_BYTES);
        if (header.kind === 'proxy' || header.kind === 'local') assert.ok(header.length <= bytes.length && header.length <= MAX_HEADER_BYTES);
      }),
      { numRuns: 2000 },
    );
  });
});
