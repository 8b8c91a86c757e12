// Hop times against real processes: a feed and a gateway role over Redis, and clients in this process.
// A JSON client (and a STOMP one, by header) that asks with `timing: true` gets every live delta with
// hops in order feed ≤ gateway read ≤ gateway sent ≤ received here; a client that did not ask gets none,
// and the same deltas otherwise to the field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, type IMessage } from '@stomp/stompjs';
import WebSocket from 'ws';
import { hopClockMs } from '../../lib/hop-clock.ts';
import { hopsOf, type Hops } from '../../lib/protocol/hops.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { STOMP_PROTOCOL } from '../helpers/stomp-test-client.ts';
import { startRoles } from '../helpers/start-roles.ts';
import type { TickwireProcess } from '../helpers/tickwire-process.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'BTC-USD';
/** The stamps keep 0.1 ms; two of them from different processes can round 0.1 ms the wrong way. */
const RESOLUTION_MS = 0.1;

interface Received {
  message: Record<string, unknown>;
  /** When the frame carrying it arrived, before parsing. */
  receivedAtMs: number;
  /** The frame's text. */
  frame: string;
}

/** A JSON-protocol client of one book, recording every message with its frame's arrival time. */
async function jsonBookClient(url: string, timing: boolean): Promise<{ received: Received[]; close(): void }> {
  const socket = new WebSocket(url, { origin: new URL(url.replace(/^ws/, 'http')).origin });
  const received: Received[] = [];
  socket.on('message', (data) => {
    const receivedAtMs = hopClockMs();
    const frame = data.toString();
    const parsed = JSON.parse(frame) as Record<string, unknown> | Record<string, unknown>[];
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) received.push({ message, receivedAtMs, frame });
  });
  await waitFor('socket open', () => socket.readyState === WebSocket.OPEN || (socket.readyState === WebSocket.CLOSED && Promise.reject(new Error('closed before open'))), 10_000);
  socket.send(JSON.stringify({ op: 'subscribe', id: 'b', channel: 'book', symbol: SYMBOL, depth: 10, ...(timing ? { timing: true } : {}) }));
  return { received, close: () => socket.terminate() };
}

const deltasOf = (received: Received[]): Received[] => received.filter((r) => r.message.type === 'book.delta');

function assertInOrder(hops: Hops | undefined, receivedAtMs: number, where: string): void {
  assert.ok(hops, `${where}: hops present`);
  const [feed, read, sent] = hops;
  assert.ok(feed <= read, `${where}: feed ${feed} ≤ read ${read}`);
  assert.ok(read <= sent, `${where}: read ${read} ≤ sent ${sent}`);
  assert.ok(sent <= receivedAtMs + RESOLUTION_MS, `${where}: sent ${sent} ≤ received ${receivedAtMs}`);
  // Sanity: a stamp from another clock base (seconds, or the process's own origin) would be far off.
  assert.ok(receivedAtMs - feed < 10_000, `${where}: feed ${feed} within 10 s of arrival ${receivedAtMs}`);
}

describe('hop times through a feed and a gateway process', () => {
  const prefix = uniquePrefix('twhops');
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let processes: TickwireProcess[] = [];
  let url = '';

  before(async () => {
    database = await createTestDatabase();
    const shared = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, FEED_RATE: '50' };
    processes = await startRoles([
      { role: 'feed', env: { ...shared, NODE_ID: 'feed-1' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-1' } },
    ]);
    url = `ws://127.0.0.1:${processes[1]?.port}/ws`;
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('stamps every live delta of a timed subscription in order, and no delta of a plain one', async () => {
    const timed = await jsonBookClient(url, true);
    const plain = await jsonBookClient(url, false);
    try {
      await waitFor('40 deltas on both', () => deltasOf(timed.received).length >= 40 && deltasOf(plain.received).length >= 40, 30_000);
      for (const { message, receivedAtMs } of deltasOf(timed.received)) assertInOrder(hopsOf(message), receivedAtMs, `timed seq ${String(message.seq)}`);
      assert.equal(hopsOf(timed.received.find((r) => r.message.type === 'book.snapshot')?.message), undefined, 'a snapshot carries no hops');
      assert.ok(
        plain.received.every((r) => !r.frame.includes('"hops"')),
        'no frame of the plain subscription mentions hops',
      );
      // The same seq, the same delta: the timed one has the hops field and nothing else more.
      const timedBySeq = new Map(deltasOf(timed.received).map((r) => [r.message.seq, r.message]));
      let compared = 0;
      for (const { message } of deltasOf(plain.received)) {
        const other = timedBySeq.get(message.seq);
        if (!other) continue;
        const { hops: _hops, ...rest } = other;
        assert.equal(JSON.stringify(rest), JSON.stringify(message));
        compared += 1;
      }
      assert.ok(compared >= 20, `compared ${compared} deltas`);
    } finally {
      timed.close();
      plain.close();
    }
  });

  it('carries them in the STOMP MESSAGE body when SUBSCRIBE has timing:true', async () => {
    const bodies: { body: string; receivedAtMs: number }[] = [];
    const client = new Client({ reconnectDelay: 0, webSocketFactory: () => new WebSocket(url, [STOMP_PROTOCOL]) });
    client.onConnect = () => {
      client.subscribe(`/topic/book.${SYMBOL}.10`, (message: IMessage) => bodies.push({ body: message.body, receivedAtMs: hopClockMs() }), { timing: 'true' });
    };
    client.activate();
    try {
      const deltas = (): { message: Record<string, unknown>; receivedAtMs: number }[] =>
        bodies.flatMap(({ body, receivedAtMs }) => {
          const parsed = JSON.parse(body) as Record<string, unknown> | Record<string, unknown>[];
          return (Array.isArray(parsed) ? parsed : [parsed]).filter((m) => m.type === 'book.delta').map((message) => ({ message, receivedAtMs }));
        });
      await waitFor('20 STOMP deltas', () => deltas().length >= 20, 30_000);
      // stompjs hands over a MESSAGE after parsing its frame: a little after arrival, still in order.
      for (const { message, receivedAtMs } of deltas()) assertInOrder(hopsOf(message), receivedAtMs, `stomp seq ${String(message.seq)}`);
    } finally {
      await client.deactivate();
    }
  });
});
