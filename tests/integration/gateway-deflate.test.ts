// permessage-deflate against real processes: a feed and two gateway roles over Redis, one with the
// extension (the default) and one with WS_DEFLATE=0. On the same book, `ws` clients with and without
// the extension (JSON and STOMP) each get every delta, gap-free, with every checksum verified, and
// the deflate clients' sockets read fewer bytes per delta; the gateway counts the compressed frames.
// A gateway with WS_DEFLATE=0 declines the offer and still serves exact books.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../lib/market/book-replica.ts';
import type { MarketMessage } from '../../lib/protocol/messages.ts';
import { StompParser } from '../../lib/protocol/stomp/stomp-parser.ts';
import { metricValue } from '../helpers/metrics-text.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { startRoles } from '../helpers/start-roles.ts';
import type { TickwireProcess } from '../helpers/tickwire-process.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'BTC-USD';
const DEPTH = 50;
const DELTAS = 300;

/** One book client: its checked book, the seqs it applied, and the bytes its TCP socket read. */
interface BookClient {
  readonly answered: string | undefined;
  readonly seqs: number[];
  readonly problems: string[];
  replica(): BookReplica | undefined;
  /** Bytes read by the socket (frame headers included) since `mark()`, and deltas applied since then. */
  sinceMark(): { bytes: number; deltas: number };
  mark(): void;
  close(): void;
}

/**
 * Subscribes to the book over JSON or STOMP, with `ws` offering permessage-deflate or not, and checks
 * every delta: seq continuity and the checksum (lib/market/book-replica.ts).
 */
async function bookClient(url: string, codec: 'json' | 'stomp', perMessageDeflate: boolean): Promise<BookClient> {
  const socket = new WebSocket(url, codec === 'stomp' ? ['v12.stomp'] : [], { perMessageDeflate, origin: new URL(url.replace(/^ws/, 'http')).origin });
  const seqs: number[] = [];
  const problems: string[] = [];
  let replica: BookReplica | undefined;
  let answered: string | undefined;
  let tcp: Socket | undefined;
  let markBytes = 0;
  let markDeltas = 0;
  const apply = (message: MarketMessage): void => {
    if (message.type === 'book.snapshot') {
      const result = bookFromSnapshot(message);
      replica = result.status === 'ok' ? result.replica : undefined;
      if (result.status !== 'ok') problems.push(`snapshot ${message.seq}: ${result.status}`);
    } else if (message.type === 'book.delta' && replica) {
      const result = applyDelta(replica, message);
      if (result.status !== 'ok') return void problems.push(`delta ${message.seq}: ${result.status}`);
      seqs.push(message.seq);
    } else if (message.type === 'book.stale' || message.type === 'error') problems.push(`${message.type}: ${JSON.stringify(message)}`);
  };
  const readJson = (text: string): void => {
    const parsed = JSON.parse(text) as MarketMessage | MarketMessage[];
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) apply(message);
  };
  const stomp = new StompParser({ maxFrameBytes: 1 << 20, maxHeaders: 32 });
  socket.on('upgrade', (response) => {
    answered = response.headers['sec-websocket-extensions'];
    tcp = response.socket;
  });
  socket.on('error', (error) => problems.push(`socket error: ${error.message}`));
  socket.on('message', (data) => {
    const bytes = Buffer.from(data as Buffer);
    if (codec === 'json') return readJson(bytes.toString('utf8'));
    for (const event of stomp.push(bytes)) {
      if (event.kind !== 'frame') continue;
      if (event.frame.command === 'CONNECTED') socket.send(`SUBSCRIBE\nid:sub-0\ndestination:/topic/book.${SYMBOL}.${DEPTH}\n\n\0`);
      else if (event.frame.command === 'MESSAGE') readJson(event.frame.body);
      else problems.push(`STOMP ${event.frame.command}`);
    }
  });
  await waitFor('socket open', () => socket.readyState === WebSocket.OPEN || (socket.readyState === WebSocket.CLOSED && Promise.reject(new Error('closed before open'))), 10_000);
  if (codec === 'json') socket.send(JSON.stringify({ op: 'subscribe', id: 1, channel: 'book', symbol: SYMBOL, depth: DEPTH }));
  else socket.send('CONNECT\naccept-version:1.2\nhost:x\n\n\0');
  return {
    get answered() {
      return answered;
    },
    seqs,
    problems,
    replica: () => replica,
    sinceMark: () => ({ bytes: (tcp?.bytesRead ?? 0) - markBytes, deltas: seqs.length - markDeltas }),
    mark: () => {
      markBytes = tcp?.bytesRead ?? 0;
      markDeltas = seqs.length;
    },
    close: () => socket.terminate(),
  };
}

function assertExact(client: BookClient, name: string): void {
  assert.deepEqual(client.problems, [], name);
  assert.ok(client.seqs.every((seq, i) => i === 0 || seq === (client.seqs[i - 1] ?? 0) + 1), `${name}: every delta, gap-free`);
  assert.ok(client.seqs.length >= DELTAS, `${name}: ${client.seqs.length} deltas`);
}

const DEFLATE_ANSWER = 'permessage-deflate; server_no_context_takeover; client_no_context_takeover';

describe('permessage-deflate through a feed and gateway processes', () => {
  const prefix = uniquePrefix('twdeflate');
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let processes: TickwireProcess[] = [];
  let deflating: TickwireProcess | undefined;
  let declining: TickwireProcess | undefined;
  const wsUrl = (p: TickwireProcess | undefined): string => `ws://127.0.0.1:${p?.port}/ws`;

  before(async () => {
    database = await createTestDatabase();
    const shared = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, FEED_RATE: '200' };
    processes = await startRoles([
      { role: 'feed', env: { ...shared, NODE_ID: 'feed-1' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-deflate' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-plain', WS_DEFLATE: '0' } },
    ]);
    [, deflating, declining] = processes;
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('keeps books exact with and without deflate, JSON and STOMP, and the deflate sockets read fewer bytes per delta', async () => {
    const clients = {
      jsonDeflate: await bookClient(wsUrl(deflating), 'json', true),
      jsonPlain: await bookClient(wsUrl(deflating), 'json', false),
      stompDeflate: await bookClient(wsUrl(deflating), 'stomp', true),
      stompPlain: await bookClient(wsUrl(deflating), 'stomp', false),
    };
    const all = Object.values(clients);
    try {
      await waitFor('every book', () => all.every((c) => c.replica() !== undefined), 30_000);
      assert.equal(clients.jsonDeflate.answered, DEFLATE_ANSWER);
      assert.equal(clients.stompDeflate.answered, DEFLATE_ANSWER);
      assert.equal(clients.jsonPlain.answered, undefined);
      assert.equal(clients.stompPlain.answered, undefined);
      for (const client of all) client.mark();
      await waitFor(`${DELTAS} deltas on every client`, () => all.every((c) => c.sinceMark().deltas >= DELTAS), 60_000);
      for (const [name, client] of Object.entries(clients)) assertExact(client, name);
      const perDelta = Object.fromEntries(Object.entries(clients).map(([name, c]) => [name, c.sinceMark().bytes / c.sinceMark().deltas]));
      // A lone delta shrinks by a fifth (docs/benchmarks.md), frames of several deltas far more: about half here at 200 deltas/s.
      assert.ok((perDelta.jsonDeflate ?? Infinity) < (perDelta.jsonPlain ?? 0) * 0.8, `JSON wire bytes per delta ${JSON.stringify(perDelta)}`);
      assert.ok((perDelta.stompDeflate ?? Infinity) < (perDelta.stompPlain ?? 0) * 0.8, `STOMP wire bytes per delta ${JSON.stringify(perDelta)}`);
      // The same book on every client, whatever carried it.
      const seq = Math.min(...all.map((c) => c.replica()?.seq ?? 0));
      await waitFor('every client at the same seq', () => all.every((c) => (c.replica()?.seq ?? 0) >= seq));
      const metrics = await (await fetch(`http://127.0.0.1:${deflating?.port}/metrics`)).text();
      assert.ok((metricValue(metrics, 'tickwire_gateway_deflated_frames_out_total') ?? 0) > 0, 'the gateway counts compressed frames');
    } finally {
      for (const client of all) client.close();
    }
  });

  it('declines the extension with WS_DEFLATE=0 and serves the same exact book', async () => {
    const client = await bookClient(wsUrl(declining), 'json', true);
    try {
      await waitFor('the book', () => client.replica() !== undefined, 30_000);
      assert.equal(client.answered, undefined);
      await waitFor(`${DELTAS} deltas`, () => client.seqs.length >= DELTAS, 60_000);
      assertExact(client, 'json, WS_DEFLATE=0');
      const metrics = await (await fetch(`http://127.0.0.1:${declining?.port}/metrics`)).text();
      assert.equal(metricValue(metrics, 'tickwire_gateway_deflated_frames_out_total'), 0);
    } finally {
      client.close();
    }
  });
});
