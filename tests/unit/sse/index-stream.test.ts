// One SSE client of the index stream, over the in-process broker: start, resume, expiry, quotes, slow
// clients; read as a plain stream and piped the way Next pipes a route's body into the response.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import { IndexHub } from '../../../server/web/sse/index-hub.ts';
import { createIndexStream } from '../../../server/web/sse/index-stream.ts';
import { appendTicks } from '../../helpers/index-ticks.ts';
import { collectSse, pipeSse } from '../../helpers/sse-text.ts';
import { sleep, waitFor } from '../../helpers/wait-for.ts';

const quiet = { warn: () => undefined, info: () => undefined };

for (const mode of ['read', 'pipe'] as const) {
  describe(`index SSE stream, ${mode === 'read' ? 'read from' : 'piped to a writable'}`, () => {
    let broker: MemoryBroker;
    let hub: IndexHub;
    let aborts: AbortController[];

    beforeEach(() => {
      broker = new MemoryBroker({ logger: quiet });
      hub = new IndexHub(broker);
      aborts = [];
    });
    afterEach(async () => {
      for (const abort of aborts) abort.abort();
      await broker.close();
    });

    function open(options: { lastEventId?: string; symbols?: string[]; maxQueuedEntries?: number } = {}) {
      const abort = new AbortController();
      aborts.push(abort);
      const stream = createIndexStream({ broker, hub, lastEventId: options.lastEventId, symbols: options.symbols ?? [], signal: abort.signal, maxQueuedEntries: options.maxQueuedEntries });
      return { stream, abort, client: mode === 'read' ? collectSse(stream) : pipeSse(stream) };
    }

    it('starts with a retry hint, then the latest entry, then live entries', async () => {
      const old = await appendTicks(broker, 3);
      const { client } = open();
      await waitFor('the latest entry', () => client.events.some((e) => e.event === 'index'));
      const live = await appendTicks(broker, 2, { from: 3 });
      await waitFor('two live entries', () => client.events.filter((e) => e.event === 'index').length === 3);
      assert.deepEqual(client.events[0], { id: undefined, event: 'retry', data: '2000' });
      assert.deepEqual(client.events.filter((e) => e.event === 'index').map((e) => e.id), [old[2], ...live]);
    });

    it('replays every entry after Last-Event-ID, then continues live, each id exactly once', async () => {
      const ids = await appendTicks(broker, 1200);
      const { client } = open({ lastEventId: ids[99] });
      // Entries appended while the replay is being read must come after it, once.
      const during = await appendTicks(broker, 50, { from: 1200 });
      const expected = [...ids.slice(100), ...during];
      await waitFor('replay and live entries', () => client.events.filter((e) => e.event === 'index').length >= expected.length, 10_000);
      await sleep(20);
      assert.deepEqual(client.events.filter((e) => e.event === 'index').map((e) => e.id), expected);
    });

    it('reports an expired id and starts from the latest entry', async () => {
      const ids = await appendTicks(broker, 100, { maxLen: 10 });
      const { client } = open({ lastEventId: ids[0] });
      await waitFor('the latest entry', () => client.events.some((e) => e.event === 'index'));
      const expired = client.events.find((e) => e.event === 'expired');
      assert.ok(expired, 'an expired event');
      assert.equal(expired.id, undefined, 'the notice is not a stream entry');
      const notice = JSON.parse(expired.data) as { lastEventId: string; oldestKept: string };
      assert.equal(notice.lastEventId, ids[0]);
      assert.equal(notice.oldestKept, (await broker.firstId('md:index')) ?? '');
      assert.deepEqual(client.events.filter((e) => e.event === 'index').map((e) => e.id), [ids[99]]);
    });

    it('follows each index event with a quote event per chosen symbol, under the same id', async () => {
      await appendTicks(broker, 1);
      const { client } = open({ symbols: ['ETH-USD', 'AAPL'] });
      await waitFor('connected', () => client.events.some((e) => e.event === 'index'));
      const [id] = await appendTicks(broker, 1, { from: 1 });
      await waitFor('the live entry with its quotes', () => client.events.filter((e) => e.id === id).length === 3);
      const events = client.events.filter((e) => e.id === id);
      assert.deepEqual(events.map((e) => e.event), ['index', 'quote', 'quote']);
      const quotes = events.slice(1).map((e) => JSON.parse(e.data) as Record<string, string>);
      assert.deepEqual(quotes.map((q) => q.symbol), ['ETH-USD', 'AAPL']);
      assert.deepEqual(Object.keys(quotes[0] ?? {}).sort(), ['ask', 'bid', 'changePct', 'last', 'symbol']);
    });

    it('hands every client with the same symbols the very same bytes, one chunk per entry', async () => {
      await appendTicks(broker, 1);
      const a = open({ symbols: ['BTC-USD'] }).client;
      const b = open({ symbols: ['BTC-USD'] }).client;
      await waitFor('both connected', () => a.events.some((e) => e.event === 'index') && b.events.some((e) => e.event === 'index'));
      const before = [a.chunks.length, b.chunks.length];
      await appendTicks(broker, 1, { from: 1 });
      await waitFor('the live entry', () => a.chunks.length > (before[0] ?? 0) && b.chunks.length > (before[1] ?? 0));
      assert.equal(a.chunks.at(-1), b.chunks.at(-1), 'one shared Uint8Array');
    });

    it('paces a long replay by the reader instead of dropping it', async () => {
      const ids = await appendTicks(broker, 2000);
      const { client } = open({ lastEventId: ids[0], maxQueuedEntries: 10 });
      await waitFor('the whole replay', () => client.events.filter((e) => e.event === 'index').length === 1999, 10_000);
      assert.equal(hub.size, 1, 'still attached');
    });

    it('releases its hub client and the broker subscription when the client goes away', async () => {
      await appendTicks(broker, 1);
      const { abort, client } = open();
      await waitFor('attached', () => hub.size === 1 && hub.brokerSubscriptions === 1 && client.events.some((e) => e.event === 'index'));
      abort.abort();
      await waitFor('released', () => hub.size === 0 && hub.brokerSubscriptions === 0);
      assert.equal(await client.done, undefined, 'the stream ended cleanly');
    });
  });
}

describe('index SSE stream, slow clients', () => {
  let broker: MemoryBroker;
  let hub: IndexHub;
  const abort = new AbortController();

  beforeEach(() => {
    broker = new MemoryBroker({ logger: quiet });
    hub = new IndexHub(broker);
  });
  afterEach(async () => {
    abort.abort();
    await broker.close();
  });

  const open = (maxQueuedEntries: number) => createIndexStream({ broker, hub, lastEventId: undefined, symbols: [], signal: abort.signal, maxQueuedEntries });

  it('drops a reader that stops reading once its queue passes the bound', async () => {
    await appendTicks(broker, 1);
    const reader = open(20).getReader();
    let text = '';
    while (!text.includes('event: index')) text += new TextDecoder().decode((await reader.read()).value);
    await appendTicks(broker, 40, { from: 1 });
    await waitFor('the client to be dropped', () => hub.size === 0);
    await assert.rejects(reader.read(), { name: 'AbortError' });
  });

  it('drops a reader that never reads, even while its replay waits', async () => {
    await appendTicks(broker, 1);
    const reader = open(20).getReader();
    void reader.read(); // starts the stream, then reads no more
    await waitFor('attached', () => hub.size === 1);
    await appendTicks(broker, 40, { from: 1 });
    await waitFor('the client to be dropped', () => hub.size === 0);
    await assert.rejects(reader.read(), { name: 'AbortError' });
  });

  it('drops a pipe whose destination stops taking chunks, and its pipe ends as an abort', async () => {
    await appendTicks(broker, 1);
    let written = 0;
    const stuck = new WritableStream<Uint8Array>({ write: () => (++written > 2 ? new Promise<void>(() => undefined) : undefined) });
    const piped = open(20).pipeTo(stuck);
    await waitFor('attached', () => hub.size === 1);
    await appendTicks(broker, 40, { from: 1 });
    await waitFor('the client to be dropped', () => hub.size === 0);
    await assert.rejects(piped, { name: 'AbortError' });
  });

  it('ends a pipe when its own signal aborts, as Next aborts it when the response closes', async () => {
    await appendTicks(broker, 1);
    const pipeAbort = new AbortController();
    const client = pipeSse(open(20), pipeAbort.signal);
    await waitFor('connected', () => client.events.some((e) => e.event === 'index'));
    pipeAbort.abort();
    await waitFor('released', () => hub.size === 0);
    assert.equal((await client.done as Error).name, 'AbortError');
  });
});
