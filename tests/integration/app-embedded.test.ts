// The app as `npm start` runs it: one process, in-process broker, embedded PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSse } from '../helpers/sse-client.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { watchBook } from '../helpers/ws-book-client.ts';

describe('embedded mode (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-embedded-'));
  let app: TickwireProcess;

  before(async () => {
    app = await startTickwire('all', { DATA_DIR: dataDir, FEED_RATE: '100' });
  });
  after(async () => {
    await app?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs its role, broker and database on the first line', () => {
    const first = app.logs[0];
    assert.match(String(first?.msg), /^tickwire all starting: broker=memory \(in-process\) database=pglite \(/);
  });

  it('answers liveness, readiness and metrics', async () => {
    const health = (await (await fetch(`${app.baseUrl}/healthz`)).json()) as Record<string, unknown>;
    assert.equal(health.status, 'ok');
    assert.equal(health.role, 'all');
    assert.equal(health.broker, 'memory');
    assert.equal(health.database, 'pglite');
    const ready = await fetch(`${app.baseUrl}/readyz`);
    assert.equal(ready.status, 200);
    const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
    assert.match(metrics, /^tickwire_connections/m);
    assert.match(metrics, /^nodejs_eventloop_lag_seconds /m);
  });

  it('writes one access log line per request, under the id the proxy sent, and none for probes', async () => {
    const page = await fetch(`${app.baseUrl}/api/instruments`, { headers: { 'X-Request-Id': 'nginx-req-0001', Cookie: 'tw_session=secret-token' } });
    assert.equal(page.headers.get('x-request-id'), 'nginx-req-0001');
    const made = await fetch(`${app.baseUrl}/api/instruments`, { headers: { 'X-Request-Id': 'not an id; with spaces' } });
    const madeId = made.headers.get('x-request-id') ?? '';
    assert.match(madeId, /^[0-9a-f-]{36}$/);
    await fetch(`${app.baseUrl}/healthz`);
    const line = await waitFor('the access log line', () => app.logs.find((l) => (l.req as { id?: string } | undefined)?.id === 'nginx-req-0001' && l.res));
    assert.deepEqual(line.res, { statusCode: 200 });
    assert.equal((line.req as { method: string; url: string }).url, '/api/instruments');
    assert.equal(typeof line.responseTime, 'number');
    assert.doesNotMatch(JSON.stringify(app.logs), /secret-token/);
    await waitFor('the generated id in the log', () => app.logs.some((l) => (l.req as { id?: string } | undefined)?.id === madeId));
    assert.equal(app.logs.filter((l) => (l.req as { url?: string } | undefined)?.url === '/healthz').length, 0);
  });

  it('logs each WebSocket handshake with its request id', async () => {
    const book = await watchBook(`ws://127.0.0.1:${app.port}/ws`, 'BTC-USD');
    try {
      const line = await waitFor('the handshake line', () => app.logs.find((l) => l.msg === 'websocket handshake'));
      assert.equal((line.req as { url: string }).url, '/ws');
      assert.match((line.req as { id: string }).id, /^[0-9a-f-]{36}$/);
      assert.equal(line.isHandled, true);
    } finally {
      book.close();
    }
  });

  it('serves the page', async () => {
    const page = await fetch(app.baseUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Tickwire/);
  });

  it('streams the live index over SSE', async () => {
    const sse = await openSse(`${app.baseUrl}/api/stream/index`);
    try {
      assert.equal(sse.response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      await waitFor('three index events', () => sse.events.filter((e) => e.event === 'index').length >= 3, 10_000);
      const ids = sse.events.map((e) => e.id ?? '');
      assert.equal(new Set(ids).size, ids.length, 'no id twice');
      const tick = JSON.parse(sse.events[0]?.data ?? '{}') as { value: string; quotes: Record<string, unknown> };
      assert.ok(Number(tick.value) > 0);
      assert.ok(Object.keys(tick.quotes).length >= 8);
    } finally {
      sse.close();
    }
  });

  it('streams an exact order book over the WebSocket on /ws', async () => {
    const book = await watchBook(`ws://127.0.0.1:${app.port}/ws`, 'BTC-USD');
    try {
      await waitFor('snapshot and 20 deltas', () => book.messages.filter((m) => m.type === 'book.delta').length >= 20 && book.replica(), 15_000);
      assert.deepEqual(book.problems, []);
      const replica = book.replica();
      assert.ok(replica);
      const bid = replica.book.bestBid();
      const ask = replica.book.bestAsk();
      assert.ok(bid !== undefined && ask !== undefined && bid < ask, 'best bid below best ask');
    } finally {
      book.close();
    }
  });

  it('lists instruments with their grids', async () => {
    const { instruments } = (await (await fetch(`${app.baseUrl}/api/instruments`)).json()) as { instruments: { symbol: string; tickSize: string; lotSize: string }[] };
    assert.ok(instruments.length >= 8);
    assert.deepEqual(
      instruments.find((i) => i.symbol === 'BTC-USD'),
      { symbol: 'BTC-USD', name: 'Bitcoin', kind: 'crypto', tickSize: '0.1', lotSize: '0.00000001', pricePrecision: 1, sizePrecision: 8, minQty: '0.0001', maxQty: '100' },
    );
  });

  it('serves a backfilled, gap-free day of 1m candles', async () => {
    const res = await fetch(`${app.baseUrl}/api/candles?symbol=BTC-USD&tf=1m&limit=1440`);
    assert.equal(res.status, 200);
    const { candles } = (await res.json()) as { candles: { openTime: number; open: string; close: string }[] };
    assert.ok(candles.length >= 1400, `got ${candles.length} candles`);
    for (let i = 1; i < candles.length; i++) {
      assert.equal(candles[i]?.openTime, (candles[i - 1]?.openTime ?? 0) + 60_000, 'consecutive minutes');
      assert.equal(candles[i]?.open, candles[i - 1]?.close, 'each opens at the previous close');
    }
    const hourly = (await (await fetch(`${app.baseUrl}/api/candles?symbol=BTC-USD&tf=1h`)).json()) as { candles: unknown[] };
    assert.ok(hourly.candles.length >= 23);
  });

  it('answers bad candle queries with a clear 400', async () => {
    for (const [query, message] of [
      ['symbol=NOPE&tf=1m', 'symbol: unknown symbol'],
      ['symbol=BTC-USD&tf=7m', 'tf: '],
      ['symbol=BTC-USD&tf=1m&limit=99999', 'limit: '],
      ['tf=1m', 'symbol: '],
    ] as const) {
      const res = await fetch(`${app.baseUrl}/api/candles?${query}`);
      assert.equal(res.status, 400, query);
      const body = (await res.json()) as { error: string; message: string };
      assert.equal(body.error, 'bad_request');
      assert.ok(body.message.startsWith(message), `${query}: ${body.message}`);
    }
  });

  it('stops gracefully on SIGTERM', async () => {
    const started = Date.now();
    const code = await app.stop();
    assert.equal(code, 0);
    assert.ok(Date.now() - started < 5000, 'exits within 5 s');
    assert.ok(app.logs.some((l) => l.msg === 'shutdown complete'));
  });
});
