// requireProxyProtocol on a real HTTP server over loopback: the header's address becomes the request's
// (X-Forwarded-For is not read), however the header and the request are split into TCP writes, on
// every request of a kept-alive connection and on an upgrade; LOCAL keeps the peer's; a connection with
// no header, a bad one, a slow one or from an untrusted peer is closed with nothing written and counted.
// And without PROXY_PROTOCOL, Node's HTTP parser answers a PROXY header 400 and closes.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { getMetrics } from '../../../lib/metrics.ts';
import { proxyMatcher } from '../../../lib/net/client-address.ts';
import { V2_SIGNATURE } from '../../../lib/net/proxy-protocol.ts';
import { requireProxyProtocol } from '../../../server/http/proxy-protocol.ts';
import { requestAddressReader } from '../../../server/http/request-address.ts';

const TRUST = { proxies: ['127.0.0.1'], hops: 1 };

/** A v2 PROXY header for an IPv4 TCP client (or LOCAL). */
function v2(source: string | 'local', sourcePort = 40000): Buffer {
  const fixed = Buffer.alloc(16);
  V2_SIGNATURE.copy(fixed);
  if (source === 'local') {
    fixed[12] = 0x20;
    return fixed;
  }
  fixed[12] = 0x21;
  fixed[13] = 0x11;
  fixed.writeUInt16BE(12, 14);
  const block = Buffer.alloc(12);
  source.split('.').forEach((octet, i) => block.writeUInt8(Number(octet), i));
  block.set([127, 0, 0, 1], 4);
  block.writeUInt16BE(sourcePort, 8);
  block.writeUInt16BE(443, 10);
  return Buffer.concat([fixed, block]);
}

/** Connects (from `localAddress`), writes each part in its own write a few ms apart, and resolves with all it read until the server closed or `idleMs` passed. */
async function exchange(port: number, parts: (Buffer | string)[], options: { localAddress?: string; idleMs?: number } = {}): Promise<{ text: string; closedByServer: boolean }> {
  const socket = connect({ host: '127.0.0.1', port, localAddress: options.localAddress });
  // From the start: a refused connection may be reset before 'connect' has been awaited.
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  let text = '';
  let closedByServer = false;
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.once('end', () => {
    closedByServer = true;
  });
  for (const part of parts) {
    if (socket.destroyed) break;
    socket.write(part);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  const idle = new Promise<void>((resolve) => setTimeout(resolve, options.idleMs ?? 300));
  await Promise.race([closed, idle]);
  closedByServer ||= socket.destroyed || socket.readableEnded;
  socket.destroy();
  return { text, closedByServer };
}

const get = (path: string, headers: Record<string, string> = {}): string =>
  `GET ${path} HTTP/1.1\r\nHost: test\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;

function refusals(reason: string): Promise<number> {
  return getMetrics()
    .badInput.get()
    .then((metric) => metric.values.find((v) => v.labels.source === 'proxy-protocol' && v.labels.reason === reason)?.value ?? 0);
}

async function listening(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

describe('requireProxyProtocol', () => {
  const addressOf = requestAddressReader(TRUST);
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.end(`address=${addressOf(req)} peer=${req.socket.remoteAddress}`);
  });
  server.on('upgrade', (req, socket) => {
    socket.end(`HTTP/1.1 101 Switching Protocols\r\nX-Address: ${addressOf(req)}\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n`);
  });
  requireProxyProtocol(server, { isTrustedPeer: proxyMatcher(TRUST), logger: pino({ level: 'silent' }), timeoutMs: 300 });
  let port: number;

  before(async () => {
    port = await listening(server);
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('takes the address from a v2 header sent with the request in one write, and ignores X-Forwarded-For', async () => {
    const { text } = await exchange(port, [Buffer.concat([v2('192.0.2.10'), Buffer.from(get('/', { 'X-Forwarded-For': '198.51.100.66' }))])]);
    assert.match(text, /^HTTP\/1\.1 200 OK/);
    assert.match(text, /address=192\.0\.2\.10 peer=127\.0\.0\.1$/);
  });

  it('reads a header split over writes, and a request in the same write as its last bytes', async () => {
    const header = v2('203.0.113.5');
    const { text } = await exchange(port, [header.subarray(0, 3), header.subarray(3, 14), Buffer.concat([header.subarray(14), Buffer.from(get('/').slice(0, 9))]), get('/').slice(9)]);
    assert.match(text, /address=203\.0\.113\.5 peer=127\.0\.0\.1$/);
  });

  it('keeps the address for every request of a kept-alive connection and for an upgrade', async () => {
    const upgrade = 'GET /ws HTTP/1.1\r\nHost: test\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n';
    const { text } = await exchange(port, [Buffer.concat([Buffer.from('PROXY TCP4 192.0.2.77 127.0.0.1 5000 80\r\n'), Buffer.from(get('/one'))]), get('/two'), upgrade]);
    assert.equal(text.match(/address=192\.0\.2\.77 /g)?.length, 2, text);
    assert.match(text, /X-Address: 192\.0\.2\.77\r\n/);
  });

  it('uses the peer for LOCAL (the balancer\'s health check), still not believing X-Forwarded-For', async () => {
    const { text } = await exchange(port, [Buffer.concat([v2('local'), Buffer.from(get('/healthz', { 'X-Forwarded-For': '198.51.100.66' }))])]);
    assert.match(text, /address=127\.0\.0\.1 peer=127\.0\.0\.1$/);
  });

  it('closes a connection without a header, with a bad one, or too slow, writing nothing, and counts each', async () => {
    const before = { signature: await refusals('signature'), version: await refusals('version'), timeout: await refusals('timeout'), tooLong: await refusals('too-long') };
    const plain = await exchange(port, [get('/')]);
    assert.deepEqual(plain, { text: '', closedByServer: true });
    const badVersion = Buffer.concat([v2('192.0.2.1'), Buffer.from(get('/'))]);
    badVersion[12] = 0x31;
    assert.deepEqual(await exchange(port, [badVersion]), { text: '', closedByServer: true });
    const huge = v2('192.0.2.1').subarray(0, 16);
    huge.writeUInt16BE(60_000, 14);
    assert.deepEqual(await exchange(port, [huge]), { text: '', closedByServer: true });
    // Half a header, then nothing: closed at the time limit (300 ms here).
    assert.deepEqual(await exchange(port, [v2('192.0.2.1').subarray(0, 20)], { idleMs: 1500 }), { text: '', closedByServer: true });
    assert.equal(await refusals('signature'), before.signature + 1);
    assert.equal(await refusals('version'), before.version + 1);
    assert.equal(await refusals('too-long'), before.tooLong + 1);
    assert.equal(await refusals('timeout'), before.timeout + 1);
  });

  it('closes a connection from a peer that is not a trusted proxy, even with a good header', async () => {
    const before = await refusals('untrusted-peer');
    const { text, closedByServer } = await exchange(port, [Buffer.concat([v2('192.0.2.10'), Buffer.from(get('/'))])], { localAddress: '127.0.0.2' });
    assert.deepEqual({ text, closedByServer }, { text: '', closedByServer: true });
    assert.equal(await refusals('untrusted-peer'), before + 1);
  });
});

describe('a server without PROXY_PROTOCOL', () => {
  const server = createServer((_req, res) => res.end('served'));
  // As http-server.ts answers a request the parser refuses.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  let port: number;
  before(async () => {
    port = await listening(server);
  });
  after(() => server.close());

  it('answers a v2 or v1 header 400 and closes: Node\'s HTTP parser reads it as a bad request line', async () => {
    for (const header of [v2('192.0.2.10'), Buffer.from('PROXY TCP4 192.0.2.10 127.0.0.1 5000 80\r\n')]) {
      const { text, closedByServer } = await exchange(port, [Buffer.concat([header, Buffer.from(get('/'))])]);
      assert.equal(text, 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      assert.equal(closedByServer, true);
    }
  });
});
