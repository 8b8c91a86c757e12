// Heartbeat: the gateway pings every socket and terminates one that did not answer the previous ping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { startGatewayHarness } from '../helpers/gateway-harness.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

function open(url: string, autoPong: boolean): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(url, { autoPong });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

test('terminates a client that never answers pings and keeps one that does', async () => {
  const h = await startGatewayHarness({ gateway: { heartbeatIntervalMs: 400 } });
  const silent = await open(h.url, false);
  const healthy = await open(h.url, true);
  let pings = 0;
  silent.socket.on('ping', () => (pings += 1));
  // Terminated, not closed: no close frame, so the client sees 1006.
  assert.equal(await silent.closed, 1006);
  assert.ok(pings >= 1, 'it was pinged first');
  await waitFor('counted', () => h.gateway.stats().heartbeatTerminations === 1);
  // Several intervals: a healthy client survives them even on a busy 2-core machine.
  await sleep(1500);
  assert.equal(healthy.socket.readyState, WebSocket.OPEN);
  assert.equal(h.gateway.stats().connections, 1);
  healthy.socket.close();
  await h.close();
});
