// Fuzz: thousands of hostile frames from several clients while a watcher follows a busy book.
// The gateway stays up, answers what it can, and the watcher loses nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { getMetrics } from '../../lib/metrics.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient, topOf } from '../helpers/gateway-test-client.ts';
import { FuzzFrames } from '../helpers/fuzz-frames.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'BTC-USD';
const CLIENTS = 5;
const FRAMES_PER_CLIENT = Number(process.env.GATEWAY_FUZZ_FRAMES ?? 2500);

/** Opens a socket that ignores what it receives; resolves when open. */
async function openFuzzSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

async function messagesIn(): Promise<number> {
  return (await getMetrics().messagesIn.get()).values.find((v) => v.labels.transport === 'ws')?.value ?? 0;
}

async function fuzzClient(url: string, seed: number, stats: { sent: number; reconnects: number }): Promise<void> {
  const frames = new FuzzFrames(seed);
  let socket = await openFuzzSocket(url);
  for (let i = 0; i < FRAMES_PER_CLIENT; i++) {
    if (socket.readyState !== WebSocket.OPEN) {
      socket = await openFuzzSocket(url);
      stats.reconnects += 1;
    }
    const frame = frames.next();
    stats.sent += 1;
    if (frame.kind === 'text') socket.send(frame.data);
    else if (frame.kind === 'binary') socket.send(frame.data, { binary: true });
    else {
      // Invalid UTF-8 in a text frame: ws closes with 1007; wait for it so later frames are not lost.
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.send(frame.data, { binary: false });
      await closed;
    }
    // Yield now and then so the gateway, the feed and the watcher keep running.
    if (i % 50 === 49) await sleep(1);
  }
  socket.close();
}

describe('gateway fuzz', () => {
  let h: GatewayHarness;
  before(async () => {
    // The fuzz clients reconnect after every frame that closes their socket: hundreds of handshakes a second from 127.0.0.1.
    h = await startGatewayHarness({ gateway: { rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000, maxConnectionsPerIp: 100, handshakeRatePerSecond: 1_000_000, handshakeBurst: 1_000_000 } });
  });
  after(async () => {
    await h.close();
  });

  test('survives 10,000+ malformed frames while a watcher keeps every seq and an exact book', async () => {
    const watcher = await GatewayTestClient.connect(h.url);
    await watcher.subscribeBook(SYMBOL, 50);
    await waitFor('watcher snapshot', () => watcher.book(SYMBOL).replica);
    h.feed.run(5, 5);
    const stats = { sent: 0, reconnects: 0 };
    const messagesInBefore = await messagesIn();
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => fuzzClient(h.url, 1000 + i, stats)));
    await h.feed.stop();
    await h.feed.start();
    assert.ok(stats.sent >= 10_000, `sent ${stats.sent}`);
    assert.ok(stats.reconnects > 0, 'some frames (bad UTF-8) closed their socket and the client reconnected');
    const handled = (await messagesIn()) - messagesInBefore;
    console.log(`fuzz: ${stats.sent} frames sent, ${handled} handled by the gateway, ${stats.reconnects} reconnects`);
    assert.ok(handled >= 10_000, `the gateway handled ${handled} frames`);
    await waitFor('watcher caught up', () => watcher.book(SYMBOL).replica?.seq === h.feed.seq(SYMBOL), 10_000);
    assert.deepEqual(watcher.problems, []);
    assert.equal(watcher.book(SYMBOL).snapshots, 1);
    assert.equal(watcher.book(SYMBOL).stales, 0);
    const seqs = watcher.book(SYMBOL).seqs;
    assert.ok(seqs.every((seq, i) => i === 0 || seq === (seqs[i - 1] ?? 0) + 1), 'every seq');
    assert.deepEqual(watcher.levels(SYMBOL), topOf(h.feed.snapshot(SYMBOL), 50));
    // Still serving new clients.
    const late = await GatewayTestClient.connect(h.url);
    late.send({ op: 'ping', id: 'after-fuzz' });
    await late.waitForMessage('pong', (m) => m.type === 'pong' && m.id === 'after-fuzz');
    late.close();
    watcher.close();
  });
});
