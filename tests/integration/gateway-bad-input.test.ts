// Every kind of bad input gets its exact error code, close code or HTTP status, and nothing else breaks.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type WebSocket from 'ws';
import { getMetrics } from '../../lib/metrics.ts';
import { CLOSE_CODES, ERROR_CODES, HANDSHAKE_STATUS } from '../../lib/protocol/codes.ts';
import type { ErrorMessage, MarketMessage } from '../../lib/protocol/messages.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient } from '../helpers/gateway-test-client.ts';
import { handshakeStatus } from '../helpers/handshake-status.ts';
import { waitFor } from '../helpers/wait-for.ts';

const isError = (m: MarketMessage): m is ErrorMessage => m.type === 'error';

async function nextError(client: GatewayTestClient, seen: number): Promise<ErrorMessage> {
  return waitFor('error reply', () => client.messages.filter(isError)[seen]);
}

async function badInputCount(reason: string): Promise<number> {
  const metric = await getMetrics().badInput.get();
  return metric.values.find((v) => v.labels.source === 'ws' && v.labels.reason === reason)?.value ?? 0;
}

describe('gateway bad input', () => {
  let h: GatewayHarness;
  before(async () => {
    h = await startGatewayHarness({ allowedOrigins: ['http://app.example'], gateway: { maxConnectionsPerIp: 20, maxSubscriptions: 3 } });
  });
  after(async () => {
    await h.close();
  });

  test('answers each malformed frame with its error code and keeps the socket open', async () => {
    const client = await GatewayTestClient.connect(h.url);
    const badJsonBefore = await badInputCount(ERROR_CODES.BAD_JSON);
    const cases: { frame: string | Buffer; code: string; id?: string | number; messageIncludes?: string }[] = [
      { frame: Buffer.from([1, 2, 3]), code: ERROR_CODES.BINARY_NOT_SUPPORTED },
      { frame: '{"op":"subscribe",', code: ERROR_CODES.BAD_JSON },
      { frame: '[1,2]', code: ERROR_CODES.BAD_MESSAGE },
      { frame: '"hello"', code: ERROR_CODES.BAD_MESSAGE },
      { frame: '{"id":1}', code: ERROR_CODES.BAD_MESSAGE, id: 1 },
      { frame: '{"op":"order.explode","id":"x1"}', code: ERROR_CODES.UNKNOWN_OP, id: 'x1' },
      { frame: '{"op":"subscribe","id":2,"channel":"book","symbol":42}', code: ERROR_CODES.BAD_MESSAGE, id: 2, messageIncludes: 'symbol' },
      { frame: '{"op":"subscribe","id":3,"channel":"book","symbol":"BTC-USD","depth":"deep"}', code: ERROR_CODES.BAD_MESSAGE, id: 3, messageIncludes: 'depth' },
      { frame: '{"op":"subscribe","id":4,"channel":"book","symbol":"BTC-USD","depth":1000}', code: ERROR_CODES.BAD_MESSAGE, id: 4, messageIncludes: 'depth' },
      { frame: '{"op":"subscribe","id":5,"channel":"nope","symbol":"BTC-USD"}', code: ERROR_CODES.BAD_MESSAGE, id: 5, messageIncludes: 'channel' },
      { frame: '{"op":"subscribe","id":6,"channel":"book","symbol":"BTC-USD","extra":true}', code: ERROR_CODES.BAD_MESSAGE, id: 6, messageIncludes: 'extra' },
      { frame: '{"op":"ping","id":{"a":1}}', code: ERROR_CODES.BAD_MESSAGE },
      { frame: '{"op":"subscribe","id":7,"channel":"book","symbol":"NOPE-USD"}', code: ERROR_CODES.UNKNOWN_SYMBOL, id: 7 },
      { frame: '{"op":"subscribe","id":8,"channel":"candles","symbol":"NOPE","timeframe":"1m"}', code: ERROR_CODES.UNKNOWN_SYMBOL, id: 8 },
      { frame: '{"op":"unsubscribe","id":9,"channel":"book","symbol":"BTC-USD"}', code: ERROR_CODES.NOT_SUBSCRIBED, id: 9 },
      { frame: '{"op":"unsubscribe","id":10,"channel":"candles","symbol":"BTC-USD"}', code: ERROR_CODES.BAD_MESSAGE, id: 10, messageIncludes: 'timeframe' },
    ];
    for (const [i, c] of cases.entries()) {
      client.ws.send(c.frame);
      const error = await nextError(client, i);
      assert.equal(error.code, c.code, `frame ${String(c.frame)}`);
      assert.equal(error.id, c.id, `id of ${String(c.frame)}`);
      if (c.messageIncludes) assert.match(error.message, new RegExp(c.messageIncludes), error.message);
    }
    assert.equal(await badInputCount(ERROR_CODES.BAD_JSON), badJsonBefore + 1);
    client.send({ op: 'ping', id: 'alive' });
    await client.waitForMessage('pong', (m) => m.type === 'pong' && m.id === 'alive');
    assert.equal(client.closeEvent, undefined);
    client.close();
  });

  test('caps subscriptions per connection', async () => {
    const client = await GatewayTestClient.connect(h.url);
    for (const symbol of ['BTC-USD', 'ETH-USD', 'SOL-USD']) client.send({ op: 'subscribe', channel: 'trades', symbol });
    client.send({ op: 'subscribe', id: 'fourth', channel: 'trades', symbol: 'AAPL' });
    const error = await nextError(client, 0);
    assert.equal(error.code, ERROR_CODES.TOO_MANY_SUBSCRIPTIONS);
    assert.equal(error.id, 'fourth');
    // Subscribing again to a held channel replaces it and does not count twice.
    client.send({ op: 'subscribe', id: 'again', channel: 'trades', symbol: 'BTC-USD' });
    await client.waitForMessage('resubscribed', (m) => m.type === 'subscribed' && m.id === 'again');
    client.close();
  });

  test('closes a frame over 16 KiB with 1009', async () => {
    const client = await GatewayTestClient.connect(h.url);
    client.ws.send(JSON.stringify({ op: 'ping', pad: 'x'.repeat(17 * 1024) }));
    assert.equal((await client.waitForClose()).code, CLOSE_CODES.MESSAGE_TOO_BIG);
  });

  test('answers RATE_LIMITED past the bucket, then closes a flooding client with FLOODING', async () => {
    const client = await GatewayTestClient.connect(h.url);
    for (let i = 0; i < 400; i++) client.send({ op: 'ping', id: i });
    const close = await client.waitForClose();
    assert.equal(close.code, CLOSE_CODES.FLOODING);
    const errors = client.messages.filter(isError);
    assert.ok(errors.length > 0 && errors.every((e) => e.code === ERROR_CODES.RATE_LIMITED), 'only RATE_LIMITED errors before the close');
    const pongs = client.messages.filter((m) => m.type === 'pong');
    assert.ok(pongs.length >= 40 && pongs.length < 60, `the burst was served (${pongs.length} pongs)`);
  });

  test('refuses a foreign Origin with HTTP 403 and accepts an allowed one', async () => {
    assert.equal((await handshakeStatus(h.url, { origin: 'http://evil.example' })).status, HANDSHAKE_STATUS.FORBIDDEN_ORIGIN);
    const allowed = await handshakeStatus(h.url, { origin: 'http://app.example' });
    assert.equal(allowed.status, 101);
    allowed.socket?.close();
  });

  test('refuses the 21st connection from one IP with HTTP 429, and frees the slot on close', async () => {
    const sockets: WebSocket[] = [];
    await waitFor('earlier sockets released', () => h.gateway.stats().connections === 0);
    for (let i = 0; i < 20; i++) {
      const result = await handshakeStatus(h.url);
      assert.equal(result.status, 101);
      if (result.socket) sockets.push(result.socket);
    }
    assert.equal((await handshakeStatus(h.url)).status, HANDSHAKE_STATUS.TOO_MANY_CONNECTIONS);
    sockets.pop()?.close();
    await waitFor('slot freed', () => h.gateway.stats().connections === 19);
    const again = await handshakeStatus(h.url);
    assert.equal(again.status, 101);
    again.socket?.close();
    for (const socket of sockets) socket.close();
  });

  test('leaves other paths to the next upgrade handler', async () => {
    assert.equal((await handshakeStatus(h.url.replace('/ws', '/other'))).status, 404);
  });
});

describe('gateway origin policy', () => {
  test('same-origin only when no origins are configured; a missing Origin is a non-browser client', async () => {
    const h = await startGatewayHarness();
    const sameOrigin = `http://127.0.0.1:${h.port}`;
    const same = await handshakeStatus(h.url, { origin: sameOrigin });
    assert.equal(same.status, 101);
    same.socket?.close();
    assert.equal((await handshakeStatus(h.url, { origin: 'http://127.0.0.1:1' })).status, HANDSHAKE_STATUS.FORBIDDEN_ORIGIN);
    assert.equal((await handshakeStatus(h.url, { origin: 'null' })).status, HANDSHAKE_STATUS.FORBIDDEN_ORIGIN);
    // Same host, other scheme: an http page may not use the https site's socket, nor the reverse.
    assert.equal((await handshakeStatus(h.url, { origin: `https://127.0.0.1:${h.port}` })).status, HANDSHAKE_STATUS.FORBIDDEN_ORIGIN);
    const behindTls = { 'X-Forwarded-Proto': 'https' };
    assert.equal((await handshakeStatus(h.url, { origin: sameOrigin, headers: behindTls })).status, HANDSHAKE_STATUS.FORBIDDEN_ORIGIN);
    const secure = await handshakeStatus(h.url, { origin: `https://127.0.0.1:${h.port}`, headers: behindTls });
    assert.equal(secure.status, 101);
    secure.socket?.close();
    const missing = await handshakeStatus(h.url);
    assert.equal(missing.status, 101);
    missing.socket?.close();
    await h.close();
  });

  test('refuses a missing Origin when allowMissingOrigin is off', async () => {
    const h = await startGatewayHarness({ gateway: { allowMissingOrigin: false } });
    assert.equal((await handshakeStatus(h.url)).status, HANDSHAKE_STATUS.FORBIDDEN_ORIGIN);
    await h.close();
  });
});
