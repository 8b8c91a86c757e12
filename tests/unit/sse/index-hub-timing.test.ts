// Hop times on the SSE index: streams that asked (`timing=1`) share one group whose `index` event
// carries "hops":[feed ts, read, sent]; every other stream gets exactly the bytes it got before.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import { hopsOf } from '../../../lib/protocol/hops.ts';
import { EncodedEntry } from '../../../server/web/sse/encoded-entry.ts';
import { IndexHub, type HubClient } from '../../../server/web/sse/index-hub.ts';
import { appendTicks } from '../../helpers/index-ticks.ts';
import { waitFor } from '../../helpers/wait-for.ts';

const quiet = { warn: () => undefined, info: () => undefined };
const decoder = new TextDecoder();

function recorder(symbols: string[], timing?: boolean) {
  const chunks: Uint8Array[] = [];
  const entries: EncodedEntry[] = [];
  const client: HubClient = {
    transport: 'sse',
    symbols,
    ...(timing === undefined ? {} : { timing }),
    onEntry(entry, chunk) {
      entries.push(entry);
      chunks.push(chunk);
    },
    onHeartbeat: () => undefined,
    close: () => undefined,
  };
  return { client, chunks, entries };
}

/** The JSON of the chunk's `index` event. */
function indexData(chunk: Uint8Array): Record<string, unknown> {
  const text = decoder.decode(chunk);
  const line = text.split('\n').find((l) => l.startsWith('data: '));
  return JSON.parse(line?.slice('data: '.length) ?? '') as Record<string, unknown>;
}

describe('index hub with timed streams', () => {
  let broker: MemoryBroker;
  beforeEach(() => {
    broker = new MemoryBroker({ logger: quiet });
  });
  afterEach(() => broker.close());

  it('stamps the timed group’s index events and leaves the others byte-identical to an entry’s plain chunk', async () => {
    const hub = new IndexHub(broker);
    const plain = recorder(['BTC-USD']);
    const plainToo = recorder(['BTC-USD'], false);
    const timedA = recorder(['BTC-USD'], true);
    const timedB = recorder(['BTC-USD'], true);
    for (const r of [plain, plainToo, timedA, timedB]) await hub.add(r.client);
    const before = Date.now();
    await appendTicks(broker, 2);
    await waitFor('every client got 2 entries', () => [plain, plainToo, timedA, timedB].every((r) => r.chunks.length === 2));
    for (const [i, chunk] of plain.chunks.entries()) {
      const entry = plain.entries[i];
      assert.ok(entry);
      assert.deepEqual(chunk, new EncodedEntry(entry.entry).chunkFor(['BTC-USD']), 'the bytes of today’s chunk');
      assert.equal(plainToo.chunks[i], chunk, 'timing=0 shares the plain group’s chunk');
      assert.equal(timedB.chunks[i], timedA.chunks[i], 'one timed chunk for the whole timed group');
      const timed = indexData(timedA.chunks[i] ?? new Uint8Array());
      const hops = hopsOf(timed);
      assert.ok(hops, 'the timed index event carries hops');
      const { hops: _hops, ...rest } = timed;
      assert.deepEqual(rest, indexData(chunk));
      assert.equal(hops[0], rest.ts, 'the first hop starts at the feed’s ts');
      assert.ok(hops[0] <= hops[1] && hops[1] <= hops[2] && hops[2] <= Date.now() + 1 && hops[1] >= before, JSON.stringify(hops));
      assert.match(decoder.decode(timedA.chunks[i]), /event: quote\n/, 'the quotes follow as before');
    }
    for (const r of [plain, plainToo, timedA, timedB]) hub.remove(r.client);
    assert.equal(hub.size, 0);
  });
});
