// GET /api/stream/index on the app as `npm start` runs it (one process, in-process broker), with a raw HTTP client.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compareStreamIds } from '../../lib/broker/broker.ts';
import { fetchMetrics, metricValue } from '../helpers/metrics-text.ts';
import { openRawSse } from '../helpers/raw-sse.ts';
import { openResumingSse } from '../helpers/resuming-sse-client.ts';
import { freePort } from '../helpers/services.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

interface PollBody {
  entries: { id: string; tick: { ts: number; value: string } }[];
  lastId: string | null;
  expired: boolean;
  hasMore: boolean;
}

describe('SSE index stream, embedded mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-sse-'));
  let app: TickwireProcess;
  const url = (path: string): string => `${app.baseUrl}${path}`;
  /** The stream's own ids after `since`, through the polling endpoint: what a client should have received. */
  const storedIdsAfter = async (since: string): Promise<string[]> => ((await (await fetch(url(`/api/poll/index?since=${since}&limit=1000`))).json()) as PollBody).entries.map((e) => e.id);

  let env: Record<string, string>;

  before(async () => {
    env = { DATA_DIR: dataDir, FEED_RATE: '40', PORT: String(await freePort()), EMBED_FRAME_ANCESTORS: 'https://partner.example' };
    app = await startTickwire('all', env);
  });
  after(async () => {
    await app?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers with exactly the SSE headers, uncompressed, a retry hint first and the first event within 1 s', async () => {
    const sse = await openRawSse(url('/api/stream/index'), { 'Accept-Encoding': 'gzip, deflate, br' });
    try {
      const { headers, statusCode } = sse.response;
      assert.equal(statusCode, 200);
      assert.equal(headers['content-type'], 'text/event-stream; charset=utf-8');
      assert.equal(headers['cache-control'], 'no-cache, no-transform');
      assert.equal(headers['x-accel-buffering'], 'no');
      assert.equal(headers['content-encoding'], undefined);
      const first = await waitFor('the first index event', () => sse.events.find((e) => e.event === 'index'), 1000, 5);
      assert.ok(first.receivedAt - sse.startedAt < 1000, `first event after ${first.receivedAt - sse.startedAt} ms`);
      assert.match(sse.raw(), /^retry: 2000\n\nid: \d+-\d+\nevent: index\ndata: \{.*\}\n\n/);
    } finally {
      sse.close();
    }
  });

  it('delivers each event as it is published, one by one, not buffered', async () => {
    const sse = await openRawSse(url('/api/stream/index'));
    try {
      await waitFor('9 index events', () => sse.events.filter((e) => e.event === 'index').length >= 9, 10_000);
      const live = sse.events.filter((e) => e.event === 'index').slice(1);
      for (const event of live) {
        // The id's first part is the broker's clock at append: publish-to-receive in this process.
        const lagMs = event.receivedAt - Number(event.id?.split('-')[0]);
        assert.ok(lagMs < 200, `event ${event.id} arrived ${lagMs} ms after it was published`);
      }
      const arrivals = live.map((e) => e.receivedAt);
      const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] ?? t));
      assert.ok(gaps.filter((g) => g > 100).length >= gaps.length - 1, `arrivals spread at the 4 Hz cadence: ${gaps.join(', ')} ms`);
    } finally {
      sse.close();
    }
  });

  it('adds a quote event per chosen symbol under each index event id', async () => {
    const sse = await openRawSse(url('/api/stream/index?symbols=BTC-USD,ETH-USD'));
    try {
      await waitFor('three entries', () => sse.events.filter((e) => e.event === 'index').length >= 3, 10_000);
      const ids = [...new Set(sse.events.filter((e) => e.event !== 'retry').map((e) => e.id))].slice(0, 2);
      for (const id of ids) {
        const group = sse.events.filter((e) => e.id === id);
        assert.deepEqual(group.map((e) => e.event), ['index', 'quote', 'quote']);
        const [btc, eth] = group.slice(1).map((e) => JSON.parse(e.data) as { symbol: string; last: string; bid: string; ask: string; changePct: string });
        assert.equal(btc?.symbol, 'BTC-USD');
        assert.equal(eth?.symbol, 'ETH-USD');
        assert.ok(Number(btc?.bid) <= Number(btc?.ask));
      }
    } finally {
      sse.close();
    }
  });

  it('resumes after a forced disconnect with Last-Event-ID, every id exactly once', async () => {
    const client = openResumingSse(url('/api/stream/index'), { retryMs: 700 });
    try {
      await waitFor('3 events', () => client.indexIds().length >= 3, 10_000);
      client.dropConnection();
      await waitFor('a second connection with 3 more', () => client.connections() === 2 && client.events.filter((e) => e.connection === 1 && e.event === 'index').length >= 3, 10_000);
      client.dropConnection();
      await waitFor('a third connection with 3 more', () => client.connections() === 3 && client.events.filter((e) => e.connection === 2 && e.event === 'index').length >= 3, 10_000);
      const ids = client.indexIds();
      const last = ids.at(-1) ?? '';
      const stored = (await storedIdsAfter(ids[0] ?? '')).filter((id) => compareStreamIds(id, last) <= 0);
      assert.deepEqual(ids.slice(1), stored, 'every id once, in order, across both reconnects');
    } finally {
      client.close();
    }
  });

  it('resumes from ?lastEventId= as well, the header winning when both are sent', async () => {
    const since = ((await (await fetch(url('/api/poll/index'))).json()) as PollBody).lastId ?? '';
    await sleep(800);
    const stored = await storedIdsAfter(since);
    const viaQuery = await openRawSse(url(`/api/stream/index?lastEventId=${since}`));
    const viaHeader = await openRawSse(url('/api/stream/index?lastEventId=1000-0'), { 'Last-Event-ID': stored[0] ?? '' });
    try {
      await waitFor('replayed events', () => [viaQuery, viaHeader].every((s) => s.events.filter((e) => e.event === 'index').length >= 3));
      assert.deepEqual(viaQuery.events.filter((e) => e.event === 'index').slice(0, 3).map((e) => e.id), stored.slice(0, 3));
      assert.deepEqual(viaHeader.events.filter((e) => e.event === 'index').slice(0, 2).map((e) => e.id), stored.slice(1, 3));
      assert.ok(!viaHeader.events.some((e) => e.event === 'expired'), 'the stale query id was ignored');
    } finally {
      viaQuery.close();
      viaHeader.close();
    }
  });

  it('reports an id older than the stream keeps, then starts from the latest value', async () => {
    const sse = await openRawSse(url('/api/stream/index'), { 'Last-Event-ID': '1000-0' });
    try {
      await waitFor('an index event', () => sse.events.some((e) => e.event === 'index'), 5000);
      const [expired, latest] = sse.events.filter((e) => e.event !== 'retry');
      assert.equal(expired?.event, 'expired');
      const notice = JSON.parse(expired?.data ?? '{}') as { lastEventId: string; oldestKept: string };
      assert.equal(notice.lastEventId, '1000-0');
      assert.match(notice.oldestKept, /^\d+-\d+$/);
      assert.equal(latest?.event, 'index');
    } finally {
      sse.close();
    }
  });

  it('refuses bad parameters with a clear 400', async () => {
    for (const [path, headers, message] of [
      ['/api/stream/index?symbols=BTC-USD,NOPE', {}, 'symbols: unknown symbol "NOPE"'],
      [`/api/stream/index?symbols=${Array(21).fill('AAPL').join(',')}`, {}, 'symbols: at most 20 symbols'],
      ['/api/stream/index', { 'Last-Event-ID': 'yesterday' }, 'lastEventId: must be a stream id like 1700000000000-0'],
      ['/api/stream/index?lastEventId=1-x', {}, 'lastEventId: must be a stream id like 1700000000000-0'],
    ] as const) {
      const res = await fetch(url(path), { headers });
      assert.equal(res.status, 400, path);
      assert.deepEqual(await res.json(), { error: 'bad_request', message });
    }
  });

  it('sends a comment heartbeat at least every 15 s', async () => {
    const sse = await openRawSse(url('/api/stream/index'));
    try {
      await waitFor('a heartbeat comment', () => sse.raw().includes('\n: heartbeat\n\n'), 16_000, 100);
    } finally {
      sse.close();
    }
  });

  it('leaves no streams, subscriptions, timers or sockets behind after 1,000 connects and disconnects', async () => {
    const settled = async (): Promise<string> =>
      waitFor('the hub to be empty', async () => {
        const text = await fetchMetrics(app.baseUrl);
        return metricValue(text, 'tickwire_index_hub_clients') === 0 && metricValue(text, 'tickwire_index_hub_broker_subscriptions') === 0 && text;
      }, 10_000, 100);
    const baseline = await settled();
    const cycle = (i: number): Promise<void> =>
      new Promise((resolve) => {
        const req = request(url('/api/stream/index'), { headers: { Accept: 'text/event-stream' }, agent: false });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        // A third leave before the first byte, the rest after their first event.
        if (i % 3 === 0) setImmediate(() => req.destroy());
        else req.on('response', (res) => res.on('data', (chunk: Buffer) => chunk.includes('event: index') && req.destroy()));
        req.end();
      });
    for (let batch = 0; batch < 50; batch++) await Promise.all(Array.from({ length: 20 }, (_, i) => cycle(batch * 20 + i)));
    const after = await settled();
    assert.equal(metricValue(after, 'tickwire_connections', 'transport="sse"'), 0);
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_resources_total', 'process_open_fds']) {
      const [before, now] = [metricValue(baseline, name) ?? NaN, metricValue(after, name) ?? NaN];
      assert.ok(now <= before + 5, `${name}: ${before} before, ${now} after`);
    }
    const messages = metricValue(after, 'tickwire_messages_out_total', 'transport="sse"') ?? 0;
    assert.ok(messages > 0);
  });

  it('lets the ticker widget be framed by EMBED_FRAME_ANCESTORS, read at run time, and no other page', async () => {
    const widget = await fetch(url('/embed/ticker?symbols=BTC-USD'));
    assert.equal(widget.status, 200);
    assert.equal(widget.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(widget.headers.get('content-security-policy') ?? '', /; frame-ancestors 'self' https:\/\/partner\.example$/);
    assert.equal(widget.headers.get('x-frame-options'), null);
    const bad = await fetch(url('/embed/ticker?theme=blue'));
    assert.equal(bad.status, 400);
    assert.equal(await bad.text(), 'Bad ticker parameter — theme: must be light or dark\n');
    for (const page of ['/', '/embed']) {
      const res = await fetch(url(page));
      // A directive of the page's whole policy (docs/security-headers.md).
      assert.match(res.headers.get('content-security-policy') ?? '', /(^|; )frame-ancestors 'none'(;|$)/, page);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', page);
    }
    assert.equal((await fetch(url('/api/poll/index'))).headers.get('x-frame-options'), null, 'API answers are not pages');
  });

  it('after a restart, which empties the in-process stream, tells a resuming client and continues from the latest value', async () => {
    const client = openResumingSse(url('/api/stream/index'), { retryMs: 250 });
    try {
      await waitFor('3 events', () => client.indexIds().length >= 3, 10_000);
      assert.equal(await app.stop(), 0);
      app = await startTickwire('all', env);
      await waitFor('events after the restart', () => client.events.filter((e) => e.connection > 0 && e.event === 'index').length >= 3, 30_000);
      const resumed = client.events.filter((e) => e.connection > 0 && e.event !== 'retry');
      assert.equal(resumed[0]?.event, 'expired', 'the history is gone with the process, and the client is told');
      const lastSeen = client.events.filter((e) => e.connection === 0 && e.id !== undefined).at(-1)?.id;
      assert.equal((JSON.parse(resumed[0]?.data ?? '{}') as { lastEventId?: string }).lastEventId, lastSeen);
    } finally {
      client.close();
    }
  });
});

describe('polling baselines, embedded mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-poll-'));
  let app: TickwireProcess;
  const get = async (path: string): Promise<{ status: number; body: PollBody & { error?: string; message?: string } }> => {
    const res = await fetch(`${app.baseUrl}${path}`);
    return { status: res.status, body: (await res.json()) as PollBody };
  };

  before(async () => {
    app = await startTickwire('all', { DATA_DIR: dataDir, FEED_RATE: '40' });
    await waitFor('a few index entries', async () => (await get('/api/poll/index?since=0-1')).body.entries.length >= 1, 10_000, 100);
  });
  after(async () => {
    await app?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('short poll: the latest entry without since, then what came after since, in order', async () => {
    const start = await get('/api/poll/index');
    assert.equal(start.status, 200);
    assert.equal(start.body.entries.length, 1);
    const since = start.body.lastId ?? '';
    await sleep(1100);
    const next = await get(`/api/poll/index?since=${since}`);
    assert.ok(next.body.entries.length >= 3, `${next.body.entries.length} entries in 1.1 s at 4 Hz`);
    const ids = next.body.entries.map((e) => e.id);
    assert.ok(ids.every((id, i) => compareStreamIds(id, i === 0 ? since : (ids[i - 1] ?? '')) > 0), 'strictly after since, ascending');
    assert.equal(next.body.lastId, ids.at(-1));
    const again = await get(`/api/poll/index?since=${next.body.lastId}`);
    assert.ok(again.body.entries.every((e) => !ids.includes(e.id)), 'nothing twice');
  });

  it('short poll answers at once with nothing when nothing is newer', async () => {
    const started = Date.now();
    const future = `${Date.now() + 60_000}-0`;
    const res = await get(`/api/poll/index?since=${future}`);
    assert.deepEqual(res.body, { entries: [], lastId: future, expired: false, hasMore: false });
    assert.ok(Date.now() - started < 500);
  });

  it('long poll returns the next entry as soon as it exists', async () => {
    const since = (await get('/api/poll/index')).body.lastId ?? '';
    const started = Date.now();
    const res = await get(`/api/longpoll/index?since=${since}&timeout=10`);
    assert.equal(res.body.entries.length >= 1, true);
    assert.ok(compareStreamIds(res.body.entries[0]?.id ?? '', since) > 0);
    assert.ok(Date.now() - started < 600, 'within one 4 Hz period or so');
  });

  it('long poll holds until the timeout when nothing newer comes, then answers empty', async () => {
    const future = `${Date.now() + 60_000}-0`;
    const started = Date.now();
    const res = await get(`/api/longpoll/index?since=${future}&timeout=2`);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1950 && elapsed < 3000, `held ${elapsed} ms`);
    assert.deepEqual(res.body, { entries: [], lastId: future, expired: false, hasMore: false });
  });

  it('both report a since older than the stream keeps', async () => {
    for (const path of ['/api/poll/index?since=1000-0', '/api/longpoll/index?since=1000-0&timeout=1']) {
      const res = await get(path);
      assert.equal(res.body.expired, true, path);
      assert.equal(res.body.entries.length, 1);
    }
  });

  it('refuses bad parameters with a clear 400', async () => {
    for (const [path, message] of [
      ['/api/poll/index?since=abc', 'since: must be a stream id like 1700000000000-0'],
      ['/api/poll/index?limit=5000', 'limit: must be 1 to 1000'],
      ['/api/longpoll/index?since=1-0&timeout=0', 'timeout: must be 1 to 60 seconds'],
      ['/api/longpoll/index?since=1-0&timeout=soon', 'timeout: must be a number of seconds'],
      ['/api/longpoll/index?since=1-0-0', 'since: must be a stream id like 1700000000000-0'],
    ] as const) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      assert.deepEqual(res.body, { error: 'bad_request', message }, path);
    }
  });

  it('releases a long poll whose client leaves', async () => {
    const future = `${Date.now() + 60_000}-0`;
    const abort = new AbortController();
    const pending = fetch(`${app.baseUrl}/api/longpoll/index?since=${future}&timeout=30`, { signal: abort.signal }).catch(() => undefined);
    await waitFor('the long poll to be waiting', async () => metricValue(await fetchMetrics(app.baseUrl), 'tickwire_connections', 'transport="longpoll"') === 1, 5000, 50);
    abort.abort();
    await pending;
    await waitFor('the long poll released', async () => metricValue(await fetchMetrics(app.baseUrl), 'tickwire_connections', 'transport="longpoll"') === 0, 5000, 50);
  });
  describe('the lab drop', () => {
    const lab = 'lab-drop-test-0001';
    const future = (): string => `${Date.now() + 60_000}-0`;
    const drop = (body: unknown): Promise<Response> =>
      fetch(`${app.baseUrl}/api/lab/drop`, { method: 'POST', headers: { Origin: app.baseUrl, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

    it('fails the held long poll, and one sent before the drop that arrives after it, but not one sent after', async () => {
      const held = get(`/api/lab/longpoll?lab=${lab}&epoch=0&since=${future()}&timeout=30`);
      await waitFor('the lab poll to be held', async () => metricValue(await fetchMetrics(app.baseUrl), 'tickwire_connections', 'transport="longpoll"') === 1, 5000, 50);
      const dropped = await drop({ lab, epoch: 1 });
      assert.equal(dropped.status, 202);
      assert.deepEqual(await dropped.json(), { dropped: lab, epoch: 1 });
      assert.deepEqual(await held, { status: 503, body: { error: 'dropped', message: 'dropped by the lab' } });
      // Sent at epoch 0, before the page saw the drop acknowledged: it was on its way during the drop.
      const late = await get(`/api/lab/longpoll?lab=${lab}&epoch=0&since=${future()}&timeout=30`);
      assert.equal(late.status, 503);
      const since = (await get('/api/poll/index')).body.lastId ?? '';
      const after = await get(`/api/lab/longpoll?lab=${lab}&epoch=1&since=${since}&timeout=10`);
      assert.equal(after.status, 200);
      assert.ok(after.body.entries.length >= 1);
      const otherLab = await get(`/api/lab/longpoll?lab=lab-drop-test-0002&epoch=0&since=${since}&timeout=10`);
      assert.equal(otherLab.status, 200, 'another lab is not dropped');
    });

    it('refuses a drop or a lab poll with bad parameters', async () => {
      for (const body of [{ lab }, { lab, epoch: 0 }, { lab, epoch: '1' }, { lab: 'x', epoch: 1 }, { lab, epoch: 1, extra: true }]) {
        const res = await drop(body);
        assert.equal(res.status, 400, JSON.stringify(body));
      }
      for (const query of [`lab=${lab}&epoch=-1`, `lab=${lab}&epoch=soon`, 'epoch=1']) {
        const res = await get(`/api/lab/longpoll?${query}&since=1-0&timeout=1`);
        assert.equal(res.status, 400, query);
        assert.equal(res.body.error, 'bad_request');
      }
    });
  });
});
