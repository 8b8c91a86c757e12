// The index over WebSocket resumes like SSE: a client that comes back with the last index id it applied
// (SSE's event id) gets exactly the ticks it missed, then the live ones, none doubled or missing, with
// ticks arriving all along and with or without another subscriber holding the tail on the node; over the
// JSON protocol, STOMP (`resume-after`) and Socket.IO. Over Redis, each run under its own key prefix.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';
import type { IndexMessage, MarketMessage, SubscribedMessage } from '../../lib/protocol/messages.ts';
import { INDEX_REPLAY_MAX } from '../../server/gateway/ingest/passthrough-hub.ts';
import type { GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient } from '../helpers/gateway-test-client.ts';
import { startIndexGatewayHarness, type IndexGatewayHarness } from '../helpers/index-gateway-harness.ts';
import { rawFrame, RawStompSocket } from '../helpers/stomp-test-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const isIndex = (m: { type: string }): m is IndexMessage => m.type === 'index';
const indexIds = (messages: readonly MarketMessage[]): string[] => messages.filter(isIndex).map((m) => m.id);

describe('index resume over WebSocket', () => {
  let harness: IndexGatewayHarness;
  let h: GatewayHarness;
  before(async () => {
    harness = await startIndexGatewayHarness();
    h = harness.h;
  });
  after(() => harness.close());

  const append = (count: number): Promise<string[]> => harness.append(count);

  /** Appends ticks every few milliseconds until stopped; resolves with their ids. */
  function keepTicking(): { stop: () => Promise<string[]> } {
    const ids: string[] = [];
    let isRunning = true;
    const loop = (async () => {
      while (isRunning) {
        ids.push(...(await append(1)));
        await sleep(2);
      }
    })();
    return {
      stop: async () => {
        isRunning = false;
        await loop;
        return ids;
      },
    };
  }

  async function subscribed(client: GatewayTestClient, request: Record<string, unknown>): Promise<SubscribedMessage> {
    client.send({ op: 'subscribe', channel: 'index', ...request });
    return (await client.waitForMessage('subscribed', (m) => m.type === 'subscribed' && m.id === request.id)) as SubscribedMessage;
  }

  for (const withKeeper of [false, true]) {
    test(`a resumed client gets exactly the missed ticks, then the live ones (${withKeeper ? 'tail held by another client' : 'first subscriber on the node'})`, async () => {
      const keeper = withKeeper ? await GatewayTestClient.connect(h.url) : undefined;
      if (keeper) await subscribed(keeper, { id: 'k' });

      const first = await GatewayTestClient.connect(h.url);
      await subscribed(first, { id: 1 });
      const seen = await append(4);
      await waitFor('first has its ticks', () => indexIds(first.messages).length === 4);
      assert.deepEqual(indexIds(first.messages), seen);
      first.close();

      const missed = await append(6);
      // Ticks keep coming while the client resumes: the read and the live tail overlap.
      const ticking = keepTicking();
      await sleep(5);
      const second = await GatewayTestClient.connect(h.url);
      const reply = await subscribed(second, { id: 2, resumeAfter: seen.at(-1) });
      await sleep(40);
      const during = await ticking.stop();
      const later = await append(3);

      const expected = [...missed, ...during, ...later];
      await waitFor('second has every tick', () => indexIds(second.messages).length >= expected.length);
      await sleep(30);
      assert.deepEqual(indexIds(second.messages), expected, 'every tick after the last applied one, once, in order');
      assert.ok(reply.replayed !== undefined && reply.replayed >= missed.length, `replayed ${reply.replayed}`);
      assert.equal(reply.channel, 'index');
      assert.equal(reply.symbol, 'INDEX');
      const replyAt = second.messages.indexOf(reply);
      assert.ok(second.messages.slice(0, replyAt).every((m) => !isIndex(m)), 'the reply comes before the replayed ticks');
      if (keeper) assert.ok(indexIds(keeper.messages).length >= seen.length + expected.length, 'the other subscriber kept getting live ticks');
      assert.deepEqual([...second.problems, ...(keeper?.problems ?? [])], []);
      second.close();
      keeper?.close();
    });
  }

  test('a client already current gets replayed 0 and only live ticks; a subscribe without resumeAfter has no replayed', async () => {
    const [last] = await append(1);
    const client = await GatewayTestClient.connect(h.url);
    assert.equal((await subscribed(client, { id: 'r', resumeAfter: last })).replayed, 0);
    const next = await append(1);
    await waitFor('live tick', () => indexIds(client.messages).length === 1);
    assert.deepEqual(indexIds(client.messages), next);

    const plain = await GatewayTestClient.connect(h.url);
    assert.equal((await subscribed(plain, { id: 'p' })).replayed, undefined);
    client.close();
    plain.close();
  });

  test(`after a longer gap it replays the newest ${INDEX_REPLAY_MAX} ticks; a bad resume point is refused`, async () => {
    const [old] = await append(1);
    const ids = await append(INDEX_REPLAY_MAX + 10);
    const client = await GatewayTestClient.connect(h.url);
    assert.equal((await subscribed(client, { id: 'old', resumeAfter: old, lab: 'lab-resume-test-1' })).replayed, INDEX_REPLAY_MAX);
    await waitFor('replayed ticks', () => indexIds(client.messages).length === INDEX_REPLAY_MAX);
    assert.deepEqual(indexIds(client.messages), ids.slice(-INDEX_REPLAY_MAX));
    const kept = await h.broker.readLatest(INDEX_STREAM, 1);
    assert.equal(kept[0]?.id, ids.at(-1), 'the same ids the stream (and SSE) has');

    client.send({ op: 'subscribe', id: 'bad', channel: 'index', resumeAfter: 'yesterday' });
    const error = await client.waitForMessage('refusal', (m) => m.type === 'error' && m.id === 'bad');
    assert.equal(error.type === 'error' && error.code, 'BAD_MESSAGE');
    assert.match(error.type === 'error' ? error.message : '', /^resumeAfter: /);
    client.close();
  });

  test('STOMP resumes /topic/index after its resume-after header', async () => {
    const [last] = await append(1);
    const missed = await append(3);
    const socket = await RawStompSocket.open(h.url);
    socket.send(rawFrame('CONNECT', { 'accept-version': '1.2', host: 'tickwire' }));
    await socket.waitForFrame('CONNECTED');
    socket.send(rawFrame('SUBSCRIBE', { id: 'ix-0', destination: '/topic/index', 'resume-after': last ?? '', receipt: 'r-ix' }));
    const ids = (): string[] =>
      socket.frames
        .filter((f) => f.command === 'MESSAGE')
        .flatMap((f) => {
          const parsed = JSON.parse(f.body) as IndexMessage | IndexMessage[];
          return (Array.isArray(parsed) ? parsed : [parsed]).map((m) => m.id);
        });
    await waitFor('missed ticks over STOMP', () => ids().length === missed.length);
    const live = await append(1);
    await waitFor('live tick over STOMP', () => ids().length === missed.length + 1);
    assert.deepEqual(ids(), [...missed, ...live]);
    assert.ok(socket.frames.some((f) => f.command === 'RECEIPT'), 'the subscription was receipted');
    socket.close();
  });

  test('Socket.IO resumes the index after resumeAfter in the subscribe payload', async () => {
    const [last] = await append(1);
    const missed = await append(3);
    const socket: Socket = io(`http://127.0.0.1:${h.port}`, { path: '/socket.io/', transports: ['websocket'], reconnection: false });
    const ids: string[] = [];
    socket.on('index', (payload: IndexMessage | IndexMessage[]) => {
      for (const message of Array.isArray(payload) ? payload : [payload]) ids.push(message.id);
    });
    try {
      const ack = (await socket.timeout(5000).emitWithAck('subscribe', { channel: 'index', resumeAfter: last })) as { ok: boolean; event?: string; subscribed?: SubscribedMessage };
      assert.equal(ack.ok, true);
      assert.equal(ack.event, 'index');
      assert.equal(ack.subscribed?.replayed, missed.length);
      await waitFor('missed ticks over Socket.IO', () => ids.length === missed.length);
      const live = await append(1);
      await waitFor('live tick over Socket.IO', () => ids.length === missed.length + 1);
      assert.deepEqual(ids, [...missed, ...live]);
    } finally {
      socket.disconnect();
    }
  });
});
