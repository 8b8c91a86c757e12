// The index SSE stream piped the way Next pipes a route's body, inside our server's request context
// (withNodeResponse): its events go to the Node response directly, not through the pipe's writable;
// ending still goes through the writable, and a client that stops reading is still dropped.
import assert from 'node:assert/strict';
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import { IndexHub } from '../../../server/web/sse/index-hub.ts';
import { createIndexStream } from '../../../server/web/sse/index-stream.ts';
import { withNodeResponse } from '../../../server/web/sse/node-response.ts';
import { SSE_HEADERS } from '../../../server/web/sse/sse-format.ts';
import { appendTicks } from '../../helpers/index-ticks.ts';
import { parseSseBlocks, type ParsedSseEvent } from '../../helpers/sse-text.ts';
import { waitFor } from '../../helpers/wait-for.ts';

const quiet = { warn: () => undefined, info: () => undefined };

describe('index SSE stream, piped into a Node response in its request context', () => {
  let broker: MemoryBroker;
  let hub: IndexHub;
  let server: Server;
  let responses: ServerResponse[];
  /** Chunks that went through the pipe's writable, as Next's writer would write them. */
  let writableWrites: number;
  let writableClosed: boolean;
  let pipeResults: Promise<unknown>[];

  /** Serves the stream as Next does: status and headers set on the response, then `body.pipeTo(writer)`. */
  function startServer(headers: Record<string, string>, maxQueuedEntries?: number): Promise<number> {
    server = createServer((req, res) => {
      responses.push(res);
      void withNodeResponse(res, async () => {
        await Promise.resolve(); // Next pipes later in the request, after awaiting the handler
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        const abort = new AbortController();
        res.once('close', () => abort.abort());
        const stream = createIndexStream({ broker, hub, lastEventId: undefined, symbols: [], signal: abort.signal, maxQueuedEntries });
        const writable = new WritableStream<Uint8Array>({
          write: (chunk) => {
            writableWrites += 1;
            res.write(chunk);
          },
          close: () => {
            writableClosed = true;
            res.end();
          },
          abort: (error) => void res.destroy(error as Error),
        });
        pipeResults.push(stream.pipeTo(writable, { signal: abort.signal }).then(() => undefined, (error: unknown) => error));
      });
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  }

  function connect(port: number): { events: ParsedSseEvent[]; response: Promise<IncomingMessage>; ended: Promise<void> } {
    const events: ParsedSseEvent[] = [];
    let buffer = '';
    let onEnd: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (onEnd = resolve));
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/api/stream/index' }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          const parsed = parseSseBlocks(buffer + text);
          buffer = parsed.rest;
          events.push(...parsed.events);
        });
        res.on('close', onEnd);
        resolve(res);
      }).on('error', reject);
    });
    return { events, response, ended };
  }

  beforeEach(() => {
    broker = new MemoryBroker({ logger: quiet });
    hub = new IndexHub(broker);
    responses = [];
    writableWrites = 0;
    writableClosed = false;
    pipeResults = [];
  });
  afterEach(async () => {
    for (const res of responses) res.destroy();
    await new Promise((resolve) => server.close(resolve));
    await broker.close();
  });

  it('writes every event to the response itself, and ends through the writable', async () => {
    await appendTicks(broker, 1);
    const port = await startServer(SSE_HEADERS);
    const client = connect(port);
    const response = await client.response;
    assert.equal(response.headers['content-type'], SSE_HEADERS['Content-Type']);
    assert.equal(response.headers['cache-control'], 'no-cache, no-transform');
    await waitFor('the latest entry', () => client.events.some((e) => e.event === 'index'));
    const live = await appendTicks(broker, 3, { from: 1 });
    await waitFor('three live entries', () => client.events.filter((e) => e.event === 'index').length === 4);
    assert.deepEqual(client.events[0], { id: undefined, event: 'retry', data: '2000' });
    assert.deepEqual(client.events.filter((e) => e.event === 'index').slice(1).map((e) => e.id), live);
    assert.equal(writableWrites, 0, 'no chunk went through the writable');
    hub.closeAll();
    await client.ended;
    assert.equal(writableClosed, true, 'the stream ended through the writable');
    assert.equal(await pipeResults[0], undefined, 'the pipe ended cleanly');
    assert.equal(hub.size, 0);
  });

  it('goes through the writable when the response is not an event stream', async () => {
    await appendTicks(broker, 1);
    const port = await startServer({ 'Content-Type': 'text/plain' });
    const client = connect(port);
    await waitFor('the latest entry', () => client.events.some((e) => e.event === 'index'));
    assert.ok(writableWrites >= 2, `retry and entry written through the writable (${writableWrites})`);
  });

  it('drops a client whose response holds more than the bound', async () => {
    await appendTicks(broker, 1);
    const port = await startServer(SSE_HEADERS, 20);
    const client = connect(port);
    await waitFor('the latest entry', () => client.events.some((e) => e.event === 'index'));
    // A socket the kernel no longer takes from: what is written stays in Node, as for a client that stopped reading.
    responses[0]?.socket?.cork();
    await appendTicks(broker, 40, { from: 1 });
    await waitFor('the client to be dropped', () => hub.size === 0);
    assert.equal((await pipeResults[0] as Error).name, 'AbortError');
    await client.ended;
  });
});
