// Socket.IO behind nginx with two gateway nodes and no sticky sessions: long polling breaks when the
// balancer spreads a session's polls (a node that never issued the sid answers 400), and the config we
// ship, which sends a request carrying a sid to the node named in it, keeps every poll on its node.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { startNginx, type Nginx } from '../../scripts/cluster/nginx.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { freePort } from '../helpers/services.ts';
import { waitFor } from '../helpers/wait-for.ts';

const NODES = ['gateway-a', 'gateway-b'];
const POLLS = 6;

/** The handshake's sid, then the status of each of `POLLS` requests carrying it (a POST of a ping, answered `ok` by its node). */
async function pollStatuses(baseUrl: string): Promise<{ sid: string; statuses: number[]; bodies: string[] }> {
  const handshake = await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling`);
  const text = await handshake.text();
  assert.equal(handshake.status, 200, text);
  const { sid } = JSON.parse(text.slice(1)) as { sid: string };
  const statuses: number[] = [];
  const bodies: string[] = [];
  for (let i = 0; i < POLLS; i++) {
    const response = await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`, { method: 'POST', body: '3' });
    statuses.push(response.status);
    bodies.push(await response.text());
  }
  return { sid, statuses, bodies };
}

describe('Socket.IO behind nginx, two gateway nodes', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'tickwire-sio-nginx-'));
  const gateways: GatewayHarness[] = [];
  let spread: Nginx;
  let sticky: Nginx;

  before(async () => {
    for (const nodeId of NODES) gateways.push(await startGatewayHarness({ nodeId }));
    const gatewayPorts = gateways.map((gateway) => gateway.port);
    // Web requests have no part here: the gateways stand in for the web upstream too.
    spread = await startNginx({ runDir: join(runDir, 'spread'), listenPort: await freePort(), webPorts: gatewayPorts, gatewayPorts });
    sticky = await startNginx({
      runDir: join(runDir, 'sticky'),
      listenPort: await freePort(),
      webPorts: gatewayPorts,
      gatewayPorts,
      socketIoNodes: NODES.map((nodeId, i) => ({ nodeId, port: gatewayPorts[i] ?? 0 })),
    });
  });
  after(async () => {
    await spread?.stop();
    await sticky?.stop();
    for (const gateway of gateways) await gateway.close();
    rmSync(runDir, { recursive: true, force: true });
  });

  it("without the sid map, a session's polls reach a node that never issued it: 400 Session ID unknown", async () => {
    const { statuses, bodies } = await pollStatuses(`http://127.0.0.1:${spread.port}`);
    assert.ok(statuses.includes(200), `some polls reach the issuing node: ${statuses.join(',')}`);
    assert.ok(statuses.includes(400), `some polls reach the other node: ${statuses.join(',')}`);
    assert.ok(bodies.includes('{"code":1,"message":"Session ID unknown"}'), bodies.join(' | '));
  });

  it('with the sid map, every poll of a session reaches the node that issued it, whichever node that is', async () => {
    const issuers = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const { sid, statuses } = await pollStatuses(`http://127.0.0.1:${sticky.port}`);
      assert.deepEqual(statuses, Array<number>(POLLS).fill(200), sid);
      issuers.add(sid.slice(0, sid.indexOf('.')));
    }
    // The handshakes themselves were spread over both nodes.
    assert.deepEqual([...issuers].sort(), NODES);
  });

  it('a long-polling socket.io-client keeps its book through nginx', async () => {
    const socket = io(`http://127.0.0.1:${sticky.port}`, { transports: ['polling'], reconnection: false });
    try {
      const events: string[] = [];
      socket.onAny((event: string) => events.push(event));
      await waitFor('connected', () => socket.connected);
      const ack = (await socket.timeout(5000).emitWithAck('subscribe', { channel: 'book', symbol: 'BTC-USD', depth: 10 })) as { ok: boolean; event: string };
      assert.deepEqual([ack.ok, ack.event], [true, 'book.BTC-USD.10']);
      // The feed keeps publishing until a delta follows the snapshot.
      const bookEvents = (): number => events.filter((event) => event === 'book.BTC-USD.10').length;
      await waitFor('a snapshot and deltas over polling', () => {
        for (const gateway of gateways) gateway.feed.step(2);
        return bookEvents() >= 3;
      });
      assert.equal(socket.io.engine.transport.name, 'polling');
      assert.equal(events.includes('connect_error'), false);
    } finally {
      socket.close();
    }
  });
});
