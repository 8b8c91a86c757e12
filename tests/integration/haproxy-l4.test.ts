// HAProxy at L4 in front of two web and two gateway nodes (deploy/haproxy.cfg, `send-proxy-v2`), the
// nodes on PROXY_PROTOCOL: books stay exact through it, event streams resume with Last-Event-ID across
// a killed web node, and every per-address limit counts the client's own address (127.0.0.2 and
// 127.0.0.3 here, never HAProxy's 127.0.0.1), whatever X-Forwarded-For the client writes. A node on
// PROXY_PROTOCOL closes a connection without the header; a node without it answers a header 400.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { compareStreamIds } from '../../lib/broker/broker.ts';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { V2_SIGNATURE } from '../../lib/net/proxy-protocol.ts';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';
import { startCluster, type ClusterNode, type HAProxyCluster } from '../../scripts/cluster/start-cluster.ts';
import { fetchMetrics, metricValue } from '../helpers/metrics-text.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { openResumingSse, type ResumingSseClient } from '../helpers/resuming-sse-client.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { watchBook, type BookWatcher } from '../helpers/ws-book-client.ts';

// Per address and gateway node: 4 handshakes, then one per 100 s. One new account per address (counted in Redis, across web nodes).
const HANDSHAKE_BURST = 4;
const LIMITS = { HANDSHAKE_BURST: String(HANDSHAKE_BURST), HANDSHAKE_RATE: '0.01', SESSIONS_PER_ADDRESS: '1' };

/** A WebSocket handshake from a loopback source address: its status, and the socket when it opened. */
function handshakeFrom(localAddress: string, url: string, options: { origin: string; headers?: Record<string, string> }): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin: options.origin, headers: options.headers, localAddress });
    socket.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('error', reject);
  });
}

/** An HTTP request from a loopback source address, on a connection of its own. */
function requestFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => (body += text));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Writes `bytes` to a port and reads until the server closes (or 1 s passes). */
async function rawExchange(port: number, bytes: Buffer, localAddress?: string): Promise<string> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  // From the start: a node that refuses the connection may reset it before anything else happens.
  socket.on('error', () => undefined);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  // Not events.once: it would reject on the reset a refusal may cause.
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  // Sent once connected.
  socket.write(bytes);
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
  socket.destroy();
  return text;
}

/** A v2 PROXY header for an IPv4 client, as HAProxy writes it. */
function proxyV2(source: string): Buffer {
  const header = Buffer.alloc(28);
  V2_SIGNATURE.copy(header);
  header[12] = 0x21;
  header[13] = 0x11;
  header.writeUInt16BE(12, 14);
  source.split('.').forEach((octet, i) => header.writeUInt8(Number(octet), 16 + i));
  header.set([127, 0, 0, 1], 20);
  header.writeUInt16BE(50000, 24);
  header.writeUInt16BE(443, 26);
  return header;
}

const HEALTHZ = Buffer.from('GET /healthz HTTP/1.1\r\nHost: node\r\nConnection: close\r\n\r\n');

/** Access-log lines (HTTP requests and handshakes) a node wrote, with the addresses they name. */
function addressLines(node: ClusterNode): { msg: string; url: string; remoteAddress: string; peer: string | undefined }[] {
  return node.process.logs.flatMap((line) => {
    const req = line.req as { url?: string; remoteAddress?: string; peer?: string } | undefined;
    return req?.remoteAddress === undefined ? [] : [{ msg: String(line.msg), url: req.url ?? '', remoteAddress: req.remoteAddress, peer: req.peer }];
  });
}

function closeAll(sockets: WebSocket[]): void {
  for (const socket of sockets) socket.terminate();
}

describe('cluster behind HAProxy (L4, PROXY protocol v2)', () => {
  const prefix = uniquePrefix('twhaproxy');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let cluster: HAProxyCluster;
  let broker: RedisBroker;
  let wsUrl: string;
  const gateways = (): ClusterNode[] => cluster.nodes.filter((n) => n.role === 'gateway');
  const webs = (): ClusterNode[] => cluster.nodes.filter((n) => n.role === 'web');

  before(async () => {
    database = await createTestDatabase();
    cluster = await startCluster({
      balancer: 'haproxy',
      redisUrl: TEST_REDIS_URL,
      databaseUrl: database.url,
      redisPrefix: prefix,
      gateways: 2,
      webs: 2,
      feeds: 1,
      engines: 1,
      env: { FEED_RATE: '200', ...LIMITS },
    });
    broker = new RedisBroker({ url: TEST_REDIS_URL, prefix });
    wsUrl = `${cluster.gatewayUrl.replace('http', 'ws')}/ws`;
  });
  after(async () => {
    await broker?.close();
    await cluster?.stop();
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('keeps WebSocket books exact by checksum through HAProxy, on both gateways', async () => {
    const books: BookWatcher[] = [];
    try {
      // One after the other: with the first socket open, least-connections sends the second to the other node.
      for (let i = 0; i < 2; i++) books.push(await watchBook(wsUrl, 'BTC-USD', { origin: cluster.url }));
      await waitFor('each client to have a book and 20 deltas', () => books.every((b) => b.replica() && b.messages.filter((m) => m.type === 'book.delta').length >= 20), 15_000);
      for (const book of books) assert.deepEqual(book.problems, []);
      const nodes = books.map((b) => b.messages.find((m) => m.type === 'hello')).map((h) => (h && h.type === 'hello' ? h.node : ''));
      assert.deepEqual(nodes.sort(), ['gateway-1', 'gateway-2']);
    } finally {
      for (const book of books) book.close();
    }
  });

  it("counts handshakes by the client's own address: 127.0.0.2 spending its burst leaves 127.0.0.3 alone, whatever X-Forwarded-For says", async (t) => {
    const open: WebSocket[] = [];
    try {
      let refused: number | undefined;
      for (let i = 0; i < 2 * HANDSHAKE_BURST + 2 && refused === undefined; i++) {
        const result = await handshakeFrom('127.0.0.2', wsUrl, { origin: cluster.url });
        if (result.socket) open.push(result.socket);
        else refused = result.status;
      }
      assert.equal(refused, 429, '127.0.0.2 met its handshake rate');
      t.diagnostic(`127.0.0.2 opened ${open.length} sockets over both gateways, then got 429`);
      // Each gateway node counts on its own: the burst on one node, at most on both.
      assert.ok(open.length >= HANDSHAKE_BURST && open.length <= 2 * HANDSHAKE_BURST, `${open.length} handshakes before the refusal`);
      // Another address, claiming to be 127.0.0.2 in X-Forwarded-For: its own budget (the header is not read).
      for (let i = 0; i < 2; i++) {
        const other = await handshakeFrom('127.0.0.3', wsUrl, { origin: cluster.url, headers: { 'X-Forwarded-For': '127.0.0.2' } });
        assert.equal(other.status, 101, '127.0.0.3 is not 127.0.0.2');
        if (other.socket) open.push(other.socket);
      }
      let rateRefusals = 0;
      for (const node of gateways()) {
        assert.ok(node.opsPort !== undefined);
        rateRefusals += metricValue(await fetchMetrics(`http://127.0.0.1:${node.opsPort}`), 'tickwire_refused_connections_total', 'transport="ws",reason="handshake-rate"') ?? 0;
      }
      assert.equal(rateRefusals, 1);
      // The gateways logged the clients' addresses, with HAProxy as the peer.
      const bySource = (address: string): number =>
        gateways()
          .flatMap(addressLines)
          .filter((l) => l.msg === 'websocket handshake' && l.remoteAddress === address && l.peer === '127.0.0.1').length;
      await waitFor('the handshakes in the gateways\' logs', () => bySource('127.0.0.2') >= open.length - 2 && bySource('127.0.0.3') === 2, 5000);
    } finally {
      closeAll(open);
    }
  });

  it("counts new accounts by the client's own address across both web nodes, whatever X-Forwarded-For says", async () => {
    const openAccount = (from: string, headers: Record<string, string> = {}): Promise<{ status: number }> =>
      requestFrom(from, `${cluster.url}/api/session`, { method: 'POST', headers: { Origin: cluster.url, 'Content-Type': 'application/json', ...headers }, body: '{}' });
    assert.equal((await openAccount('127.0.0.2')).status, 201);
    // Least-connections over idle nodes takes turns: the second lands on the other web node, which knows the count from Redis.
    assert.equal((await openAccount('127.0.0.2', { 'X-Forwarded-For': '198.51.100.7' })).status, 429, "a forged X-Forwarded-For does not buy 127.0.0.2 a new budget");
    assert.equal((await openAccount('127.0.0.3', { 'X-Forwarded-For': '127.0.0.2' })).status, 201, '127.0.0.3 has its own budget');
    assert.equal((await openAccount('127.0.0.3')).status, 429);
    const lines = await waitFor('4 access-log lines', () => {
      const found = webs().flatMap(addressLines).filter((l) => l.url === '/api/session');
      return found.length >= 4 && found;
    }, 5000);
    assert.equal(lines.length, 4, JSON.stringify(lines));
    for (const line of lines) {
      assert.match(line.remoteAddress, /^127\.0\.0\.[23]$/);
      assert.equal(line.peer, '127.0.0.1', 'the TCP peer is HAProxy');
    }
    assert.equal(new Set(webs().filter((node) => addressLines(node).some((l) => l.url === '/api/session')).map((n) => n.name)).size, 2, 'both web nodes served them');
  });

  it('a node on PROXY_PROTOCOL closes a direct connection without the header or from an untrusted peer; a node without it answers a header 400', async () => {
    const [gateway] = gateways();
    assert.ok(gateway?.opsPort !== undefined);
    assert.equal(await rawExchange(gateway.port, HEALTHZ), '', 'no header: closed, nothing written');
    assert.equal(await rawExchange(gateway.port, Buffer.concat([proxyV2('203.0.113.50'), HEALTHZ]), '127.0.0.2'), '', 'a good header from a peer that is not TRUSTED_PROXIES: closed');
    assert.match(await rawExchange(gateway.port, Buffer.concat([proxyV2('203.0.113.50'), HEALTHZ])), /^HTTP\/1\.1 200 OK/, 'the header from a trusted peer: served');
    const metrics = await fetchMetrics(`http://127.0.0.1:${gateway.opsPort}`);
    assert.ok((metricValue(metrics, 'tickwire_bad_input_total', 'source="proxy-protocol",reason="signature"') ?? 0) >= 1);
    assert.ok((metricValue(metrics, 'tickwire_bad_input_total', 'source="proxy-protocol",reason="untrusted-peer"') ?? 0) >= 1);
    // The feed node serves its main port without PROXY_PROTOCOL: Node's HTTP parser refuses either header as a bad request line.
    const feed = cluster.node('feed-1');
    assert.match(await rawExchange(feed.port, HEALTHZ), /^HTTP\/1\.1 200 OK/);
    for (const header of [proxyV2('203.0.113.50'), Buffer.from('PROXY TCP4 203.0.113.50 127.0.0.1 50000 443\r\n')]) {
      assert.equal(await rawExchange(feed.port, Buffer.concat([header, HEALTHZ])), 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    }
  });

  it('resumes event streams with Last-Event-ID on the other web node when one is killed, missing no index id', async (t) => {
    const clients: ResumingSseClient[] = [];
    try {
      for (let i = 0; i < 4; i++) clients.push(openResumingSse(`${cluster.url}/api/stream/index`, { retryMs: 250 }));
      await waitFor('every client to receive index events', () => clients.every((c) => c.indexIds().length >= 2), 15_000);
      await cluster.node('web-1').process.kill();
      const reconnected = (): ResumingSseClient[] => clients.filter((c) => c.connections() > 1);
      // Least-connections spread the four streams over both nodes: some were on the killed one.
      await waitFor('the clients of the killed node to resume and receive 3 more index events', () => {
        const moved = reconnected();
        return moved.length > 0 && moved.every((c) => c.events.filter((e) => e.event === 'index' && e.connection > 0).length >= 3);
      }, 20_000);
      assert.ok(reconnected().length < clients.length, 'the streams on the surviving node stayed');
      t.diagnostic(`${reconnected().length} of ${clients.length} streams were on the killed node and resumed on the other`);
      for (const client of clients) {
        const ids = client.indexIds();
        const first = ids[0] ?? '0-0';
        const last = ids.at(-1) ?? '0-0';
        const rest = (await broker.readAfter(INDEX_STREAM, first, 100_000)).map((e) => e.id);
        assert.equal(new Set(ids).size, ids.length, 'no id twice');
        assert.deepEqual(ids, [first, ...rest.filter((id) => compareStreamIds(id, last) <= 0)], 'every id of the stream, in order, none missing');
      }
    } finally {
      for (const client of clients) client.close();
    }
  });
});
