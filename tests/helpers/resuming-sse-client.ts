// A raw HTTP SSE client that behaves like the browser's EventSource: on any disconnect it reconnects
// after a delay with the Last-Event-ID it last saw, and keeps every event it received, in order.
import { request, type ClientRequest } from 'node:http';
import { parseSseBlocks, type ParsedSseEvent } from './sse-text.ts';

export interface ReceivedEvent extends ParsedSseEvent {
  /** Which connection (0, 1, ...) delivered it. */
  connection: number;
  receivedAt: number;
}

export interface ResumingSseClient {
  readonly events: ReceivedEvent[];
  /** Connections opened so far (the first included). */
  connections(): number;
  /** Ids of the `index` events, in arrival order. */
  indexIds(): string[];
  /** Drops the current connection as a network failure would; the client reconnects by itself. */
  dropConnection(): void;
  close(): void;
}

/** Connects to `url` and keeps reconnecting (every `retryMs`) until closed. */
export function openResumingSse(url: string, options: { retryMs?: number; lastEventId?: string } = {}): ResumingSseClient {
  const events: ReceivedEvent[] = [];
  let lastEventId = options.lastEventId;
  let connection = -1;
  let current: ClientRequest | undefined;
  let isClosed = false;
  let timer: NodeJS.Timeout | undefined;

  const reconnectLater = (): void => {
    current = undefined;
    if (!isClosed) timer = setTimeout(connect, options.retryMs ?? 200);
  };
  const connect = (): void => {
    connection += 1;
    const index = connection;
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const req = request(url, { headers, agent: false });
    current = req;
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        res.on('end', reconnectLater);
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (text: string) => {
        const parsed = parseSseBlocks(buffer + text);
        buffer = parsed.rest;
        for (const event of parsed.events) {
          if (event.id !== undefined) lastEventId = event.id;
          events.push({ ...event, connection: index, receivedAt: Date.now() });
        }
      });
      res.on('close', () => current === req && reconnectLater());
      res.on('error', () => undefined);
    });
    req.on('error', () => current === req && reconnectLater());
    req.end();
  };
  connect();

  return {
    events,
    connections: () => connection + 1,
    indexIds: () => events.filter((e) => e.event === 'index').map((e) => e.id ?? ''),
    dropConnection: () => current?.destroy(),
    close() {
      isClosed = true;
      clearTimeout(timer);
      current?.destroy();
    },
  };
}
