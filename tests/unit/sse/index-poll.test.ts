// Short and long polling over the index stream: ordering, `since`, expiry, timeout, leaving.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import { IndexHub } from '../../../server/web/sse/index-hub.ts';
import { longPollQuerySchema, pollQuerySchema, pollResponse, readSince, waitSince } from '../../../server/web/sse/index-poll.ts';
import { appendTicks } from '../../helpers/index-ticks.ts';
import { sleep, waitFor } from '../../helpers/wait-for.ts';

const quiet = { warn: () => undefined, info: () => undefined };
const poll = (query: Record<string, string>) => pollQuerySchema.parse(query);
const longPoll = (query: Record<string, string>) => longPollQuerySchema.parse(query);

describe('index polling', () => {
  let broker: MemoryBroker;
  let hub: IndexHub;

  beforeEach(() => {
    broker = new MemoryBroker({ logger: quiet });
    hub = new IndexHub(broker);
  });
  afterEach(() => broker.close());

  it('short poll without since returns the latest entry to start from', async () => {
    const ids = await appendTicks(broker, 5);
    const result = await readSince(broker, poll({}));
    assert.deepEqual(result.entries.map((e) => e.id), [ids[4]]);
    assert.equal(result.lastId, ids[4]);
  });

  it('short poll returns what came after since, oldest first, and nothing when nothing did', async () => {
    const ids = await appendTicks(broker, 5);
    const result = await readSince(broker, poll({ since: ids[1] ?? '' }));
    assert.deepEqual(result.entries.map((e) => e.id), ids.slice(2));
    assert.deepEqual({ lastId: result.lastId, expired: result.expired, hasMore: result.hasMore }, { lastId: ids[4], expired: false, hasMore: false });
    const empty = await readSince(broker, poll({ since: ids[4] ?? '' }));
    assert.deepEqual({ entries: empty.entries, lastId: empty.lastId }, { entries: [], lastId: ids[4] });
  });

  it('short poll pages with limit and says there is more', async () => {
    const ids = await appendTicks(broker, 5);
    const first = await readSince(broker, poll({ since: ids[0] ?? '', limit: '2' }));
    assert.deepEqual(first.entries.map((e) => e.id), ids.slice(1, 3));
    assert.equal(first.hasMore, true);
    const second = await readSince(broker, poll({ since: first.lastId ?? '', limit: '2' }));
    assert.deepEqual(second.entries.map((e) => e.id), ids.slice(3, 5));
    assert.equal(second.hasMore, false);
  });

  it('reports a since older than the stream keeps, with the latest entry', async () => {
    const ids = await appendTicks(broker, 100, { maxLen: 10 });
    const result = await readSince(broker, poll({ since: ids[0] ?? '' }));
    assert.equal(result.expired, true);
    assert.deepEqual(result.entries.map((e) => e.id), [ids[99]]);
  });

  it('long poll answers at once when something newer already exists', async () => {
    const ids = await appendTicks(broker, 3);
    const started = Date.now();
    const result = await waitSince(broker, hub, longPoll({ since: ids[0] ?? '', timeout: '5' }), new AbortController().signal);
    assert.deepEqual(result.entries.map((e) => e.id), ids.slice(1));
    assert.ok(Date.now() - started < 500);
    assert.equal(hub.size, 0, 'no waiter left behind');
  });

  it('long poll holds until the next entry and returns exactly it', async () => {
    const [since] = await appendTicks(broker, 1);
    const pending = waitSince(broker, hub, longPoll({ since: since ?? '', timeout: '5' }), new AbortController().signal);
    await sleep(100);
    const [next] = await appendTicks(broker, 1, { from: 1 });
    const result = await pending;
    assert.deepEqual(result.entries.map((e) => e.id), [next]);
    assert.equal(result.lastId, next);
    assert.equal(hub.size, 0);
  });

  it('long poll returns nothing after the timeout', async () => {
    const [since] = await appendTicks(broker, 1);
    const started = Date.now();
    const result = await waitSince(broker, hub, longPoll({ since: since ?? '', timeout: '1' }), new AbortController().signal);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 990 && elapsed < 1500, `took ${elapsed} ms`);
    assert.deepEqual({ entries: result.entries, lastId: result.lastId }, { entries: [], lastId: since });
    assert.equal(hub.size, 0);
  });

  it('long poll lets go as soon as the client leaves', async () => {
    const [since] = await appendTicks(broker, 1);
    const abort = new AbortController();
    const pending = waitSince(broker, hub, longPoll({ since: since ?? '', timeout: '30' }), abort.signal);
    await sleep(50);
    assert.equal(hub.size, 1);
    abort.abort();
    await pending;
    assert.equal(hub.size, 0);
    await waitFor('the subscription released', () => hub.brokerSubscriptions === 0);
  });

  it('writes the entries with the broker JSON as is', async () => {
    const ids = await appendTicks(broker, 2);
    const response = pollResponse(await readSince(broker, poll({ since: ids[0] ?? '' })), 'poll');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as { entries: { id: string; tick: { value: string } }[]; lastId: string; expired: boolean; hasMore: boolean };
    assert.deepEqual(body.entries.map((e) => e.id), [ids[1]]);
    assert.equal(body.entries[0]?.tick.value, '1000.10');
    assert.deepEqual([body.lastId, body.expired, body.hasMore], [ids[1], false, false]);
  });

  it('refuses bad parameters with the parameter named', () => {
    for (const [query, path, message] of [
      [{ since: 'yesterday' }, 'since', 'must be a stream id like 1700000000000-0'],
      [{ limit: '0' }, 'limit', 'must be 1 to 1000'],
      [{ limit: 'x' }, 'limit', 'must be a number'],
      [{ timeout: '61' }, 'timeout', 'must be 1 to 60 seconds'],
      [{ timeout: '2.5' }, 'timeout', 'must be a whole number of seconds'],
    ] as const) {
      const parsed = longPollQuerySchema.safeParse(query);
      assert.equal(parsed.success, false, JSON.stringify(query));
      assert.deepEqual([parsed.error?.issues[0]?.path, parsed.error?.issues[0]?.message], [[path], message]);
    }
  });
});
