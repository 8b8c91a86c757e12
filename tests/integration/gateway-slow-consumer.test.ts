// Slow clients: a socket that stops reading is conflated, then cut off, while others keep every seq.
// The slow ones connect over the harness's Unix socket: the kernel buffers ~200 KB for a reader that
// stopped, where loopback TCP autotunes to megabytes, which a loaded machine took over 20 s to fill.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CLOSE_CODES } from '../../lib/protocol/codes.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient, topOf } from '../helpers/gateway-test-client.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'BTC-USD';

function isConsecutive(seqs: number[]): boolean {
  return seqs.every((seq, i) => i === 0 || seq === (seqs[i - 1] ?? 0) + 1);
}

describe('gateway slow consumers', () => {
  let h: GatewayHarness;
  before(async () => {
    h = await startGatewayHarness({
      gateway: { highWaterBytes: 64 * 1024, hardLimitBytes: 64 * 1024 * 1024, maxSlowMs: 1500, closeGraceMs: 20_000, heartbeatIntervalMs: 60_000 },
    });
  });
  after(async () => {
    await h.close();
  });

  async function settle(clients: GatewayTestClient[]): Promise<void> {
    await h.feed.stop();
    await h.feed.start();
    const seq = h.feed.seq(SYMBOL);
    await Promise.all(clients.map((c) => waitFor('client caught up', () => c.book(SYMBOL).replica?.seq === seq, 15_000)));
  }

  test('conflates a client that stops reading, then closes it with SLOW_CONSUMER; a normal client keeps every seq', async () => {
    const normal = await GatewayTestClient.connect(h.url);
    const slow = await GatewayTestClient.connect(h.unixUrl);
    await normal.subscribeBook(SYMBOL, 200);
    await slow.subscribeBook(SYMBOL, 200);
    await waitFor('snapshots', () => normal.book(SYMBOL).replica && slow.book(SYMBOL).replica);
    const before = h.gateway.stats();
    slow.tcp?.pause();
    h.feed.runChurn(SYMBOL, 2, 5);
    await waitFor('conflation', () => h.gateway.stats().conflations > before.conflations, 20_000);
    await waitFor('slow consumer closed', () => h.gateway.stats().slowConsumerCloses > before.slowConsumerCloses, 10_000);
    // A reader that stopped is conflated once and stays so: it must not flap back to "drained".
    assert.equal(h.gateway.stats().conflations - before.conflations, 1, 'conflated exactly once before the cut');
    slow.tcp?.resume();
    assert.equal((await slow.waitForClose(10_000)).code, CLOSE_CODES.SLOW_CONSUMER);
    assert.deepEqual(slow.problems, [], 'what the slow client got before the cut was gap-free');
    await settle([normal]);
    assert.deepEqual(normal.problems, []);
    assert.equal(normal.book(SYMBOL).snapshots, 1, 'the normal client was never conflated');
    assert.ok(isConsecutive(normal.book(SYMBOL).seqs));
    assert.deepEqual(normal.levels(SYMBOL), topOf(h.feed.snapshot(SYMBOL), 200));
    normal.close();
  });

  test('a conflated client that drains gets a fresh snapshot and then every seq, exactly', async () => {
    const lagging = await GatewayTestClient.connect(h.unixUrl);
    await lagging.subscribeBook(SYMBOL, 100);
    await waitFor('snapshot', () => lagging.book(SYMBOL).replica);
    const before = h.gateway.stats();
    lagging.tcp?.pause();
    h.feed.runChurn(SYMBOL, 2, 5);
    await waitFor('conflation', () => h.gateway.stats().conflations > before.conflations, 20_000);
    lagging.tcp?.resume();
    await waitFor('fresh snapshot', () => lagging.book(SYMBOL).snapshots >= 2, 10_000);
    await settle([lagging]);
    assert.equal(h.gateway.stats().slowConsumerCloses, before.slowConsumerCloses);
    assert.deepEqual(lagging.problems, []);
    assert.deepEqual(lagging.levels(SYMBOL), topOf(h.feed.snapshot(SYMBOL), 100));
    lagging.close();
  });

  test('closes at once past the hard limit', async () => {
    const closeGraceMs = 20_000;
    const local = await startGatewayHarness({ gateway: { highWaterBytes: 16 * 1024, hardLimitBytes: 32 * 1024, maxSlowMs: 60_000, closeGraceMs } });
    try {
      const client = await GatewayTestClient.connect(local.unixUrl);
      await client.subscribeBook(SYMBOL, 200);
      await waitFor('snapshot', () => client.book(SYMBOL).replica);
      client.tcp?.pause();
      // Trades are never conflated, so they pile up until the hard limit.
      client.send({ op: 'subscribe', id: 't', channel: 'trades', symbol: SYMBOL });
      local.feed.runChurn(SYMBOL, 2, 5);
      local.feed.run(50, 5);
      await waitFor('slow consumer closed', () => local.gateway.stats().slowConsumerCloses > 0, 30_000);
      client.tcp?.resume();
      // The client first reads what the kernel still buffers, then the close frame; the gateway waits
      // the grace period for the reply, so the close comes within it.
      assert.equal((await client.waitForClose(closeGraceMs)).code, CLOSE_CODES.SLOW_CONSUMER);
    } finally {
      // A failure must not leave the gateway running until the file's time limit.
      await local.close();
    }
  });
});
