// The seam between an SSE route and Next (server/web/sse/node-response.ts): a stream that writes to
// the Node response directly needs Next to pipe a route's body from inside our request's context, into
// that same response, with the event-stream header set and nothing sent yet. Driven through Next's own
// response path (sendResponse, as its route-handler template calls it), this fails if Next stops
// handing over any of that. `next` is pinned to the minor version checked here.
import assert from 'node:assert/strict';
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { pendingEventStreamResponse, withNodeResponse } from '../../../server/web/sse/node-response.ts';
import { PushStream } from '../../../server/web/sse/push-stream.ts';
import { SSE_HEADERS } from '../../../server/web/sse/sse-format.ts';

const require = createRequire(import.meta.url);
type SendResponse = (req: unknown, res: unknown, response: Response) => Promise<void>;
const { sendResponse } = require('next/dist/server/send-response.js') as { sendResponse: SendResponse };
const { NodeNextRequest, NodeNextResponse } = require('next/dist/server/base-http/node.js') as {
  NodeNextRequest: new (req: IncomingMessage) => unknown;
  NodeNextResponse: new (res: ServerResponse) => unknown;
};

const BODY = ['retry: 2000\n\n', 'event: index\ndata: {"v":1}\n\n', 'event: index\ndata: {"v":2}\n\n'];

interface Served {
  /** What the stream saw when Next piped it: the response it may write to directly, if any. */
  handedOver: ServerResponse | undefined;
  response: ServerResponse | undefined;
  sent: Promise<void> | undefined;
}

describe('SSE route body and Next', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** Serves an event stream through Next's sendResponse, in our request context or not. */
  function serve(inContext: boolean, served: Served): Promise<number> {
    const created = createServer((req, res) => {
      const handle = async (): Promise<void> => {
        await Promise.resolve(); // Next answers after awaiting the route handler
        const stream = new PushStream((sink) => {
          served.handedOver = pendingEventStreamResponse();
          for (const chunk of BODY) sink.send(new TextEncoder().encode(chunk));
          sink.close();
        });
        served.response = res;
        served.sent = sendResponse(new NodeNextRequest(req), new NodeNextResponse(res), new Response(stream, { headers: SSE_HEADERS }));
        await served.sent;
      };
      void (inContext ? withNodeResponse(res, handle) : handle());
    });
    server = created;
    return new Promise((resolve) => created.listen(0, '127.0.0.1', () => resolve((created.address() as AddressInfo).port)));
  }

  function fetchText(port: number): Promise<{ type: string | undefined; text: string }> {
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/api/stream/index' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ type: res.headers['content-type'], text }));
      }).on('error', reject);
    });
  }

  it('runs against the next minor version package.json pins', () => {
    const { version } = require('next/package.json') as { version: string };
    assert.match(version, /^16\.4\./, `next ${version}: check node-response.ts against it, then move this test and the pin in package.json`);
  });

  it('hands the stream our Node response, headers set and unsent, and the events arrive through it', async () => {
    const served: Served = { handedOver: undefined, response: undefined, sent: undefined };
    const port = await serve(true, served);
    const { type, text } = await fetchText(port);
    assert.ok(served.response);
    assert.equal(served.handedOver, served.response, 'Next did not pipe the body in our request context into our response with the event-stream header unsent');
    assert.equal(type, SSE_HEADERS['Content-Type']);
    assert.equal(text, BODY.join(''));
    await served.sent;
  });

  it('outside our request context, the stream takes the standard path and the events still arrive', async () => {
    const served: Served = { handedOver: undefined, response: undefined, sent: undefined };
    const port = await serve(false, served);
    const { text } = await fetchText(port);
    assert.equal(served.handedOver, undefined);
    assert.equal(text, BODY.join(''));
    await served.sent;
  });
});
