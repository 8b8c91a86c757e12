// What an idle connection keeps: thousands sit idle on a node at once, so the gateway keeps no
// upgrade request, no send queue, flood guard or user target until one is needed, and no closures of
// its own for the socket's events (docs/benchmarks.md: idle memory per connection).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { WebSocket } from 'ws';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import { loadConfig } from '../../../lib/config.ts';
import { createLogger } from '../../../lib/log.ts';
import type { Runtime } from '../../../lib/runtime.ts';
import type { ClientSession } from '../../../server/gateway/connection/client-session.ts';
import { WsPort } from '../../../server/gateway/connection/ws-port.ts';
import { ClientOutbox } from '../../../server/gateway/fanout/client-outbox.ts';
import { JSON_FORMAT } from '../../../server/gateway/fanout/outbound-format.ts';
import { createGateway, type Gateway } from '../../../server/gateway/gateway.ts';
import { createHttpServer } from '../../../server/http/http-server.ts';
import { ControlledSocket } from '../../helpers/controlled-socket.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const QUIET = { warn: (): void => undefined, info: (): void => undefined };

/** Opens a client and resolves once its `hello` arrived. */
async function connect(url: string): Promise<WebSocket> {
  const client = new WebSocket(url);
  await once(client, 'message');
  return client;
}

describe('an idle connection', () => {
  let server: Server;
  let gateway: Gateway;
  let url: string;
  const sessions: ClientSession[] = [];
  const requests: WeakRef<IncomingMessage>[] = [];
  const clients: WebSocket[] = [];

  before(async () => {
    const config = loadConfig('all', { LOG_LEVEL: 'silent', NODE_ID: 'idle-test' });
    const logger = createLogger({ level: 'silent', role: 'gateway', nodeId: config.nodeId });
    const broker = new MemoryBroker({ logger: QUIET });
    gateway = createGateway({ config, logger, broker });
    gateway.use({
      onSocket(socket, req) {
        // The gateway hands its sessions to extensions as their sockets.
        sessions.push(socket as ClientSession);
        requests.push(new WeakRef(req));
      },
    });
    // The app's own server: what it does with an upgrade must not keep the request either.
    server = createHttpServer({ config, logger, broker, startedAt: Date.now() } as unknown as Runtime, { upgrades: [gateway.handleUpgrade] });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
    clients.push(await connect(url), await connect(url));
  });

  after(async () => {
    for (const client of clients) client.terminate();
    await gateway.close();
    server.close();
  });

  it('keeps no upgrade request once accepted', async () => {
    assert.equal(requests.length, 2);
    // A WeakRef read in this turn keeps its target: collect, then read in a later turn.
    for (let round = 0; round < 3; round++) {
      collectGarbage();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(
      requests.map((ref) => ref.deref() === undefined),
      [true, true],
    );
  });

  it('has no send queue, flood guard or user target until it needs one', () => {
    for (const session of sessions) {
      assert.equal(Reflect.get(session.outbox, 'held'), undefined, 'held frames');
      assert.equal(Reflect.get(session, 'floodGuard'), undefined, 'flood guard');
      assert.equal(Reflect.get(session, 'userTarget'), undefined, 'user target of an anonymous socket');
    }
  });

  it('shares its socket listeners and labelled counter with every other connection', () => {
    const [first, second] = sessions.map((session) => Reflect.get(session.port, 'ws') as WebSocket);
    assert.ok(first && second);
    for (const event of ['message', 'pong', 'error'] as const) assert.deepEqual(first.listeners(event), second.listeners(event), event);
    const [a, b] = sessions.map((session) => Reflect.get(session.outbox, 'messagesOut') as unknown);
    assert.equal(a, b);
  });

  it('makes its send queue when a frame has to wait, and drops it once written', () => {
    const socket = new ControlledSocket();
    const outbox = new ClientOutbox(new WsPort(socket as unknown as WebSocket), JSON_FORMAT, { highWaterBytes: 1000, hardLimitBytes: 100_000, maxSlowMs: 2000 }, { onCongested() {}, onDrained() {}, onOverflow() {} });
    outbox.send({ data: Buffer.from('{"n":1}'), count: 1 });
    assert.equal(Reflect.get(outbox, 'held'), undefined, 'written at once');
    outbox.send({ data: Buffer.from('{"n":2}'), count: 1 });
    assert.equal((Reflect.get(outbox, 'held') as unknown[] | undefined)?.length, 1, 'waits behind the first');
    socket.drainAll();
    assert.equal(Reflect.get(outbox, 'held'), undefined, 'dropped once written');
    assert.deepEqual(socket.sent, ['{"n":1}', '{"n":2}']);
  });
});
