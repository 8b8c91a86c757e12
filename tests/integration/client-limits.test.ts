// Client addresses and a node's limits against the real app: a client that reaches a node directly is
// counted by its own address whatever X-Forwarded-For it sends; behind a trusted proxy the address the
// proxy appended counts, an IPv6 client by its /64; the handshake rate (429), the node's socket and
// stream ceilings (503 with Retry-After), and who may read the operations endpoints.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import { handshakeStatus } from '../helpers/handshake-status.ts';
import { fetchMetrics, metricValue } from '../helpers/metrics-text.ts';
import { freePort } from '../helpers/services.ts';
import { openSse, type SseConnection } from '../helpers/sse-client.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { waitFor } from '../helpers/wait-for.ts';

const OPS_PATHS = ['/metrics', '/readyz', '/api/system'];
// The per-address socket ceiling (gateway option maxConnectionsPerIp).
const PER_ADDRESS = 50;

/** Opens sockets until one is refused; returns the open ones and the refusal. */
async function openUntilRefused(url: string, headersOf: (i: number) => Record<string, string>, max: number): Promise<{ open: WebSocket[]; refused: { status: number; retryAfter?: string; index: number } | undefined }> {
  const open: WebSocket[] = [];
  for (let i = 0; i < max; i++) {
    const result = await handshakeStatus(url, { headers: headersOf(i) });
    if (result.socket) open.push(result.socket);
    else return { open, refused: { status: result.status, retryAfter: result.retryAfter, index: i } };
  }
  return { open, refused: undefined };
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === socket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close();
        }),
    ),
  );
}

function refusals(text: string, transport: string, reason: string): number {
  return metricValue(text, 'tickwire_refused_connections_total', `transport="${transport}",reason="${reason}"`) ?? Number.NaN;
}

describe('a node reached directly (no proxy trusted)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-limits-direct-'));
  let app: TickwireProcess;
  let wsUrl: string;

  before(async () => {
    // A burst just above the per-address ceiling, refilled slowly, so the rate is met right after it.
    app = await startTickwire('all', { DATA_DIR: join(dir, 'data'), HANDSHAKE_BURST: String(PER_ADDRESS + 10), HANDSHAKE_RATE: '0.1' });
    wsUrl = `${app.baseUrl.replace('http', 'ws')}/ws`;
  });
  after(async () => {
    await app?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the real peer against the per-address ceiling, whatever X-Forwarded-For each handshake forges', async () => {
    const { open, refused } = await openUntilRefused(wsUrl, (i) => ({ 'X-Forwarded-For': `198.51.100.${i + 1}` }), PER_ADDRESS + 1);
    try {
      assert.equal(open.length, PER_ADDRESS);
      assert.deepEqual(refused, { status: 429, retryAfter: undefined, index: PER_ADDRESS });
      assert.equal(refusals(await fetchMetrics(app.baseUrl), 'ws', 'address-full'), 1);
    } finally {
      await closeAll(open);
    }
  });

  it('refuses handshakes past the address\'s rate with 429 and Retry-After', async () => {
    // 51 of the burst of 60 are spent; the rest go, then the bucket is empty.
    const { open, refused } = await openUntilRefused(wsUrl, () => ({}), 20);
    try {
      assert.ok(refused !== undefined, 'a handshake was refused');
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.retryAfter) >= 1, `Retry-After ${refused.retryAfter}`);
      assert.ok(refused.index >= 8 && refused.index <= 10, `refused after ${refused.index} more`);
      assert.equal(refusals(await fetchMetrics(app.baseUrl), 'ws', 'handshake-rate'), 1);
    } finally {
      await closeAll(open);
    }
  });

  it('serves the operations endpoints to loopback, not believing a forged X-Forwarded-For', async () => {
    for (const path of OPS_PATHS) {
      assert.equal((await fetch(`${app.baseUrl}${path}`, { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status, 200, path);
    }
  });
});

describe('a node behind a trusted proxy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-limits-proxied-'));
  let app: TickwireProcess;
  let wsUrl: string;

  before(async () => {
    // The test stands in for nginx: it connects from 127.0.0.1 and says who the client is.
    // One new account per client address: what the route handlers are told the address is shows.
    app = await startTickwire('all', { DATA_DIR: join(dir, 'data'), TRUSTED_PROXIES: '127.0.0.1', SESSIONS_PER_ADDRESS: '1' });
    wsUrl = `${app.baseUrl.replace('http', 'ws')}/ws`;
  });
  after(async () => {
    await app?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the operations endpoints to a public client and answers /healthz', async () => {
    const publicClient = { 'X-Forwarded-For': '203.0.113.9' };
    for (const path of [...OPS_PATHS, '/api//system', '/metrics/', '/%72eadyz']) {
      const res = await fetch(`${app.baseUrl}${path}`, { headers: publicClient, redirect: 'manual' });
      assert.equal(res.status, 404, path);
      assert.deepEqual(await res.json(), { error: 'not_found' }, path);
    }
    // The address header the server stamps for route handlers cannot be sent along.
    const forged = await fetch(`${app.baseUrl}/api/system`, { headers: { ...publicClient, 'X-Tickwire-Client-Address': '127.0.0.1' } });
    assert.equal(forged.status, 404);
    assert.equal((await fetch(`${app.baseUrl}/healthz`, { headers: publicClient })).status, 200);
    // A client on the proxy's own machine may read them.
    for (const path of OPS_PATHS) assert.equal((await fetch(`${app.baseUrl}${path}`, { headers: { 'X-Forwarded-For': '127.0.0.1' } })).status, 200, path);
  });

  it("hands route handlers the resolved client address, never a copy of the header the client sent", async () => {
    const openAccount = (headers: Record<string, string>): Promise<Response> =>
      fetch(`${app.baseUrl}/api/session`, { method: 'POST', headers: { Origin: app.baseUrl, 'Content-Type': 'application/json', ...headers }, body: '{}' });
    assert.equal((await openAccount({ 'X-Forwarded-For': '203.0.113.20', 'X-Tickwire-Client-Address': '198.51.100.1' })).status, 201);
    // Another address claimed in the header: still 203.0.113.20's second account.
    const again = await openAccount({ 'X-Forwarded-For': '203.0.113.20', 'X-Tickwire-Client-Address': '198.51.100.2' });
    assert.equal(again.status, 429);
    assert.ok(Number(again.headers.get('retry-after')) >= 1);
    assert.equal((await openAccount({ 'X-Forwarded-For': '203.0.113.21' })).status, 201, 'another client behind the proxy has its own budget');
  });

  it('counts IPv6 clients by their /64', async () => {
    const { open, refused } = await openUntilRefused(wsUrl, (i) => ({ 'X-Forwarded-For': `2001:db8:1:2::${(i + 1).toString(16)}` }), PER_ADDRESS + 1);
    try {
      assert.equal(open.length, PER_ADDRESS);
      assert.equal(refused?.status, 429);
      const neighbour = await handshakeStatus(wsUrl, { headers: { 'X-Forwarded-For': '2001:db8:1:3::1' } });
      assert.equal(neighbour.status, 101, 'the next /64 is another client');
      if (neighbour.socket) open.push(neighbour.socket);
      // The client's own entry, and a forged one left of it, are not what counts: the proxy's is.
      const forgedLeft = await handshakeStatus(wsUrl, { headers: { 'X-Forwarded-For': '198.51.100.1, 2001:db8:1:2::abcd' } });
      assert.equal(forgedLeft.status, 429);
    } finally {
      await closeAll(open);
    }
  });
});

describe('a node with tiny ceilings and an operations port', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-limits-caps-'));
  let app: TickwireProcess;
  let wsUrl: string;
  let opsUrl: string;

  before(async () => {
    const opsPort = await freePort();
    app = await startTickwire('all', { DATA_DIR: join(dir, 'data'), MAX_SOCKETS: '2', MAX_STREAMS: '2', OPS_PORT: String(opsPort) });
    wsUrl = `${app.baseUrl.replace('http', 'ws')}/ws`;
    opsUrl = `http://127.0.0.1:${opsPort}`;
  });
  after(async () => {
    await app?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the operations endpoints on OPS_PORT only', async () => {
    for (const path of [...OPS_PATHS, '/healthz']) assert.equal((await fetch(`${opsUrl}${path}`)).status, 200, `ops port ${path}`);
    assert.equal((await fetch(`${opsUrl}/`)).status, 404, 'nothing else on the ops port');
    for (const path of OPS_PATHS) assert.equal((await fetch(`${app.baseUrl}${path}`)).status, 404, `main port ${path}`);
    assert.equal((await fetch(`${app.baseUrl}/healthz`)).status, 200);
  });

  it('refuses a socket past MAX_SOCKETS with 503 and Retry-After, and takes one again once a socket closes', async () => {
    const { open, refused } = await openUntilRefused(wsUrl, () => ({}), 3);
    try {
      assert.equal(open.length, 2);
      assert.deepEqual(refused, { status: 503, retryAfter: '5', index: 2 });
      assert.equal(refusals(await fetchMetrics(opsUrl), 'ws', 'node-full'), 1);
      await closeAll(open.splice(0, 1));
      const again = await waitFor('a free socket slot', async () => {
        const result = await handshakeStatus(wsUrl);
        return result.socket;
      });
      open.push(again);
    } finally {
      await closeAll(open);
    }
  });

  it('refuses an SSE stream or a long poll past MAX_STREAMS with 503 and Retry-After', async () => {
    const streams: SseConnection[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const sse = await openSse(`${app.baseUrl}/api/stream/index`);
        assert.equal(sse.response.status, 200);
        streams.push(sse);
      }
      for (const path of ['/api/stream/index', '/api/longpoll/index?timeout=1', '/api/lab/stream?lab=limits-test', '/api/lab/longpoll?lab=limits-test&timeout=1']) {
        const res = await fetch(`${app.baseUrl}${path}`);
        assert.equal(res.status, 503, path);
        assert.equal(res.headers.get('retry-after'), '5', path);
        assert.equal(((await res.json()) as { error: string }).error, 'too_many_streams', path);
      }
      const text = await fetchMetrics(opsUrl);
      assert.equal(refusals(text, 'sse', 'node-full'), 2);
      assert.equal(refusals(text, 'longpoll', 'node-full'), 2);
      // A stream that ends gives its slot back.
      streams.shift()?.close();
      await waitFor('a free stream slot', async () => (await fetch(`${app.baseUrl}/api/longpoll/index?timeout=1`)).status === 200);
    } finally {
      for (const sse of streams) sse.close();
    }
  });
});
