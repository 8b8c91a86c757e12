// permessage-deflate through the ws seam (server/gateway/fanout/ws-internals.ts) on real connections:
// the gateway's terms are what ws negotiates with its clients, the window a client asks for is read
// back, frames compressed once reach each client intact and in order with ws's own sends, the server
// socket never gets a compressor of its own (ws.send stays plain), and the decompressor ws makes for
// a client's compressed message is freed once the message is read.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocket, WebSocketServer, type PerMessageDeflateOptions } from 'ws';
import { WsPort } from '../../../server/gateway/connection/ws-port.ts';
import { PER_MESSAGE_DEFLATE } from '../../../server/gateway/fanout/deflate-frame.ts';
import { rawFrame } from '../../../server/gateway/fanout/shared-frame.ts';
import { wireFrameOf } from '../../../server/gateway/fanout/wire-frame.ts';
import { deflateWindowBitsOf, releaseInflater } from '../../../server/gateway/fanout/ws-internals.ts';
import { waitFor } from '../../helpers/wait-for.ts';

interface Pair {
  server: WebSocket;
  client: WebSocket;
  received: string[];
  /** Every byte from the server as it arrived on the client's TCP socket, before ws read it. */
  raw: Buffer[];
  /** The Sec-WebSocket-Extensions the server answered, or undefined. */
  answered: string | undefined;
}

/** JSON with a random block repeated 1,800 bytes later: only a window over 1 KB can reach back to it. */
function frameJson(tag: string): string {
  const block = randomBytes(300).toString('hex');
  return JSON.stringify({ tag, a: block, filler: randomBytes(600).toString('hex'), b: block });
}

/** The first byte (FIN, RSV1 = 0x40, opcode) of each unmasked frame in a server's byte stream. */
function firstBytesOf(raw: Buffer[]): number[] {
  const stream = Buffer.concat(raw);
  const bytes: number[] = [];
  for (let at = 0; at < stream.length; ) {
    const len7 = (stream[at + 1] ?? 0) & 0x7f;
    const headerBytes = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
    const length = len7 === 126 ? stream.readUInt16BE(at + 2) : len7 === 127 ? Number(stream.readBigUInt64BE(at + 2)) : len7;
    bytes.push(stream[at] ?? 0);
    at += headerBytes + length;
  }
  return bytes;
}

describe('permessage-deflate through the ws seam', () => {
  let wss: WebSocketServer;
  let url = '';
  const pairs: Pair[] = [];

  async function connect(clientDeflate: boolean | PerMessageDeflateOptions): Promise<Pair> {
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const client = new WebSocket(url, { perMessageDeflate: clientDeflate });
    const pair: Pair = { server: undefined as unknown as WebSocket, client, received: [], raw: [], answered: undefined };
    client.on('upgrade', (response) => {
      pair.answered = response.headers['sec-websocket-extensions'];
      response.socket.prependListener('data', (chunk: Buffer) => pair.raw.push(Buffer.from(chunk)));
    });
    client.on('message', (data) => pair.received.push(Buffer.from(data as Buffer).toString('utf8')));
    pair.server = await accepted;
    await new Promise((resolve) => (client.readyState === WebSocket.OPEN ? resolve(undefined) : client.once('open', resolve)));
    pairs.push(pair);
    return pair;
  }

  before(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: PER_MESSAGE_DEFLATE });
    await new Promise((resolve) => wss.once('listening', resolve));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const pair of pairs) {
      pair.client.terminate();
      pair.server.terminate();
    }
    await new Promise((resolve) => wss.close(resolve));
  });

  it('negotiates no context takeover either way, and reads the window the client asked for', async () => {
    const offered = await connect(true);
    assert.equal(offered.answered, 'permessage-deflate; server_no_context_takeover; client_no_context_takeover');
    assert.equal(deflateWindowBitsOf(offered.server), 15);
    const narrow = await connect({ serverMaxWindowBits: 10 });
    assert.match(narrow.answered ?? '', /server_max_window_bits=10/);
    assert.equal(deflateWindowBitsOf(narrow.server), 10);
    const declined = await connect(false);
    assert.equal(declined.answered, undefined);
    assert.equal(deflateWindowBitsOf(declined.server), undefined);
  });

  it('delivers compressed shared frames intact, in order with ws.send, to clients with and without deflate', async () => {
    const clients = [await connect(true), await connect({ serverMaxWindowBits: 10 }), await connect(false)];
    const texts = ['a', 'b', 'c'].map(frameJson);
    for (const { server, raw } of clients) {
      raw.length = 0;
      const port = new WsPort(server);
      port.send(Buffer.from('{"tag":"first"}'), undefined, () => undefined);
      for (const text of texts) port.send(Buffer.from(text), wireFrameOf(rawFrame(text)), () => undefined);
      port.send(Buffer.from(texts[0] ?? ''), undefined, () => undefined);
    }
    for (const { received } of clients) {
      await waitFor('every message', () => received.length === 5);
      assert.deepEqual(received, ['{"tag":"first"}', ...texts, texts[0]]);
    }
    const [wide, narrow, plain] = clients.map((pair) => firstBytesOf(pair.raw).map((byte) => byte.toString(16)).join(' '));
    // The shared frames are compressed (RSV1: c1) where the client negotiated deflate; ws.send's stay
    // plain (81), even the same large text: ws compresses nothing itself.
    assert.equal(wide, '81 c1 c1 c1 81');
    assert.equal(narrow, '81 c1 c1 c1 81');
    assert.equal(plain, '81 81 81 81 81');
  });

  it('gives no socket a zlib stream of its own for what it sends, and none for what it receives until a client compresses', async () => {
    const pair = await connect(true);
    const port = new WsPort(pair.server);
    const text = frameJson('z');
    port.send(Buffer.from(text), wireFrameOf(rawFrame(text)), () => undefined);
    port.send(Buffer.from(text), undefined, () => undefined);
    pair.client.send('{"op":"ping"}');
    await waitFor('both frames', () => pair.received.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const deflate = (Reflect.get(pair.server, '_extensions') as Record<string, { _deflate: unknown; _inflate: unknown }>)['permessage-deflate'];
    assert.ok(deflate, 'the extension object ws keeps per socket');
    assert.equal(deflate._deflate, null, 'no compressor on the server socket');
    assert.equal(deflate._inflate, null, 'a small client message goes uncompressed: no decompressor either');
  });

  it('frees the decompressor after each compressed client message, and reads the next ones', async () => {
    // Compresses every message, as Chromium does.
    const pair = await connect({ threshold: 0 });
    const deflate = (Reflect.get(pair.server, '_extensions') as Record<string, { _inflate: unknown }>)['permessage-deflate'];
    const got: string[] = [];
    const heldAtMessage: boolean[] = [];
    pair.server.on('message', (data) => {
      heldAtMessage.push(deflate?._inflate !== null);
      releaseInflater(pair.server);
      got.push(Buffer.from(data as Buffer).toString('utf8'));
    });
    const sent = ['{"op":"subscribe","channel":"book"}', frameJson('from the client'), '{"op":"ping","id":3}'];
    for (const text of sent) pair.client.send(text);
    await waitFor('every client message', () => got.length === sent.length);
    assert.deepEqual(got, sent);
    assert.deepEqual(heldAtMessage, [true, true, true], 'each was inflated by a stream of its own');
    assert.equal(deflate?._inflate, null, 'none left once they are read');
  });
});
