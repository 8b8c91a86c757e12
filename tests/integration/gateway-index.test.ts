// The index channel over WebSocket: each index stream entry reaches every subscriber once, with the
// same stream id SSE sends, from one broker tail per node, with the feed's bytes forwarded as they are.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { encodeLabDrop } from '../../lib/protocol/lab-query.ts';
import { LAB_DROP_CHANNEL } from '../../lib/protocol/channels.ts';
import type { IndexMessage, LabHandshakeMessage } from '../../lib/protocol/messages.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient } from '../helpers/gateway-test-client.ts';
import { appendTicks, indexTick } from '../helpers/index-ticks.ts';
import { waitFor } from '../helpers/wait-for.ts';

const isIndex = (m: { type: string }): m is IndexMessage => m.type === 'index';

describe('gateway index channel', () => {
  let h: GatewayHarness;
  before(async () => {
    h = await startGatewayHarness();
  });
  after(async () => {
    await h.close();
  });

  test('forwards every index entry with its stream id to each subscriber, from one forwarded channel', async () => {
    const a = await GatewayTestClient.connect(h.url);
    const b = await GatewayTestClient.connect(h.url);
    for (const client of [a, b]) {
      client.send({ op: 'subscribe', id: 'ix', channel: 'index' });
      await client.waitForMessage('subscribed', (m) => m.type === 'subscribed' && m.id === 'ix' && m.channel === 'index');
    }
    const forwardedBefore = h.gateway.stats().forwardedChannels;
    const ids = await appendTicks(h.broker, 5, { from: 7 });
    for (const client of [a, b]) {
      await waitFor('five index messages', () => client.messages.filter(isIndex).length === 5);
      const got = client.messages.filter(isIndex);
      assert.deepEqual(got.map((m) => m.id), ids);
      assert.equal(got[0]?.value, indexTick(7).value);
      assert.equal(typeof got[0]?.ts, 'number');
      assert.ok(got[0]?.quotes['BTC-USD']);
    }
    assert.equal(forwardedBefore, 1);
    assert.deepEqual([...a.problems, ...b.problems], []);
    a.close();
    b.close();
    await waitFor('tail released', () => h.gateway.stats().forwardedChannels === 0);
  });

  test('drops a malformed index entry instead of sending it', async () => {
    const client = await GatewayTestClient.connect(h.url);
    client.send({ op: 'subscribe', id: 1, channel: 'index' });
    await client.waitForMessage('subscribed', (m) => m.type === 'subscribed' && m.id === 1);
    await h.broker.append('md:index', '{}', { maxLen: 100, publish: true });
    await h.broker.append('md:index', '"not an object"', { maxLen: 100, publish: true });
    const [id] = await appendTicks(h.broker, 1);
    await waitFor('the good entry', () => client.messages.some(isIndex));
    assert.deepEqual(client.messages.filter(isIndex).map((m) => m.id), [id]);
    client.close();
  });

  test('refuses an index subscription with a bad lab id, naming the field', async () => {
    const client = await GatewayTestClient.connect(h.url);
    client.send({ op: 'subscribe', id: 2, channel: 'index', lab: 'x' });
    const error = await client.waitForMessage('error', (m) => m.type === 'error' && m.id === 2);
    assert.equal(error.type === 'error' && error.code, 'BAD_MESSAGE');
    assert.match(error.type === 'error' ? error.message : '', /^lab: /);
    client.close();
  });
});

describe('gateway lab hooks', () => {
  let h: GatewayHarness;
  before(async () => {
    h = await startGatewayHarness();
  });
  after(async () => {
    await h.close();
  });

  test('reports the real handshake to a lab socket and closes only that lab’s sockets with 1012 on a drop', async () => {
    const lab = await GatewayTestClient.connect(h.url);
    const other = await GatewayTestClient.connect(h.url);
    lab.send({ op: 'subscribe', id: 'l', channel: 'index', lab: 'lab-test-0001' });
    other.send({ op: 'subscribe', id: 'o', channel: 'index', lab: 'lab-test-0002' });
    const report = await lab.waitForMessage('handshake', (m): m is LabHandshakeMessage => m.type === 'lab.handshake');
    const key = report.request.find(([name]) => name.toLowerCase() === 'sec-websocket-key')?.[1] ?? '';
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    assert.equal(report.response[0], 'HTTP/1.1 101 Switching Protocols');
    assert.ok(report.response.includes(`Sec-WebSocket-Accept: ${accept}`));
    assert.match(report.requestLine, /^GET \/ws HTTP\/1\.1$/);
    await other.waitForMessage('subscribed', (m) => m.type === 'subscribed' && m.id === 'o');
    await h.broker.publish(LAB_DROP_CHANNEL, encodeLabDrop({ lab: 'lab-test-0001', epoch: 1 }));
    await waitFor('lab socket closed', () => lab.closeEvent);
    assert.equal(lab.closeEvent?.code, 1012);
    assert.equal(other.closeEvent, undefined);
    other.close();
  });
});
