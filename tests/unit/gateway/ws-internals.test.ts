// The seam into `ws`'s private frame sender (server/gateway/fanout/ws-internals.ts), checked on a
// real connection: if `ws` renames, reshapes or reorders what the pre-framed fast path uses, this
// fails before any client sees a garbled stream. `ws` is pinned to the minor version checked here.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { rawFrame } from '../../../server/gateway/fanout/shared-frame.ts';
import { wireFrameOf } from '../../../server/gateway/fanout/wire-frame.ts';
import { frameWriterOf, type FrameWriter } from '../../../server/gateway/fanout/ws-internals.ts';
import { waitFor } from '../../helpers/wait-for.ts';

/** A JSON text frame of exactly `bytes` bytes. */
function textOf(bytes: number, tag: string): string {
  const head = `{"tag":"${tag}","pad":"`;
  return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
}

/** Writes through the seam and resolves when ws reports the write done. */
function writeFrame(writer: FrameWriter, text: string): Promise<void> {
  return new Promise((resolve, reject) => writer.sendFrame([wireFrameOf(rawFrame(text))], (error) => (error ? reject(error) : resolve())));
}

describe('ws internals seam', () => {
  let wss: WebSocketServer;
  let server: WebSocket;
  let client: WebSocket;
  const received: { text: string; isBinary: boolean }[] = [];

  before(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    await new Promise((resolve) => wss.once('listening', resolve));
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: false });
    client.on('message', (data, isBinary) => received.push({ text: Buffer.from(data as Buffer).toString('utf8'), isBinary }));
    server = await accepted;
    await new Promise((resolve) => (client.readyState === WebSocket.OPEN ? resolve(undefined) : client.once('open', resolve)));
  });

  after(async () => {
    client.terminate();
    server.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });

  test('runs against the ws minor version package.json pins', () => {
    const { version } = createRequire(import.meta.url)('ws/package.json') as { version: string };
    assert.match(version, /^8\.23\./, `ws ${version}: check ws-internals.ts against it, then move this test and the pin in package.json`);
  });

  test('a server socket has the private sender the fast path writes through', () => {
    const sender: unknown = Reflect.get(server, '_sender');
    assert.equal(typeof sender, 'object');
    assert.notEqual(sender, null);
    const sendFrame: unknown = Reflect.get(sender as object, 'sendFrame');
    assert.equal(typeof sendFrame, 'function');
    assert.equal((sendFrame as (...args: unknown[]) => unknown).length, 2, 'sendFrame(list, callback)');
    assert.ok(frameWriterOf(server));
  });

  test('frames written through the seam arrive intact, as text, in order with ws.send', async () => {
    const writer = frameWriterOf(server);
    assert.ok(writer);
    // One of each header size (RFC 6455 §5.2: 7-bit, 16-bit and 64-bit lengths), between ordinary sends.
    const texts = [textOf(100, 'small'), textOf(126, 'edge'), textOf(40_000, 'medium'), textOf(70_000, 'large')];
    server.send('{"tag":"first"}');
    for (const text of texts) await writeFrame(writer, text);
    server.send('{"tag":"last"}');
    await waitFor('all frames', () => received.length >= texts.length + 2);
    assert.deepEqual(
      received.map((r) => r.text),
      ['{"tag":"first"}', ...texts, '{"tag":"last"}'],
    );
    assert.ok(received.every((r) => !r.isBinary));
  });

  test('bytes written through the seam count in bufferedAmount until the socket takes them', async () => {
    const writer = frameWriterOf(server);
    assert.ok(writer);
    received.length = 0;
    const text = textOf(8 * 1024 * 1024, 'huge');
    const written = writeFrame(writer, text);
    // More than a kernel socket buffer takes at once: the rest waits in ws's socket, where the outbox must see it.
    assert.ok(server.bufferedAmount > 0, 'bufferedAmount ignores frames written through the seam');
    await written;
    await waitFor('huge frame', () => received.length === 1);
    assert.equal(received[0]?.text, text);
    assert.equal(server.bufferedAmount, 0);
  });
});
