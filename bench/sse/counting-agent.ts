// An http.Agent that keeps every TCP socket it opens and counts the HTTP requests it carries, for a
// client that makes its own requests where we cannot reach them (socket.io-client's XHR polls and its
// `ws` upgrade both take an `agent`): the sockets give the wire bytes both ways, as for the other
// transports, and each request, a poll, a POST of packets or a WebSocket upgrade, is counted as Node
// starts it (the `http.client.request.start` diagnostics channel), keep-alive reuse included.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Agent, ClientRequest, type AgentOptions, type ClientRequestArgs } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

const REQUEST_START = 'http.client.request.start';

/** An agent whose sockets and requests are counted. */
export class CountingAgent extends Agent {
  /** HTTP requests started through this agent (Agent's own `requests` is its queue). */
  requestCount = 0;

  constructor(
    /** Where each new socket goes (a Tally's sockets; Agent's own `sockets` holds only the busy ones). */
    private readonly opened: Set<Socket>,
    options: AgentOptions = {},
  ) {
    super(options);
    subscribe(REQUEST_START, this.countRequest);
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const stream = super.createConnection(options, callback);
    if (stream instanceof Socket) this.opened.add(stream);
    return stream;
  }

  override destroy(): void {
    unsubscribe(REQUEST_START, this.countRequest);
    super.destroy();
  }

  // Every client request of the process is published; only this agent's count.
  private readonly countRequest = (message: unknown): void => {
    if (typeof message !== 'object' || message === null || !('request' in message)) return;
    const { request } = message;
    if (request instanceof ClientRequest && 'agent' in request && request.agent === this) this.requestCount += 1;
  };
}
