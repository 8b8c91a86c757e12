// One client per transport, each counting what it costs on the wire: bytes both ways (HTTP headers,
// chunk and frame overhead included, read from the sockets), HTTP requests, and the index updates it
// got (each entry once) with their publish-to-receive delay.
import { Agent, request, type IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { Tally, type TransportClient } from './transport-tally.ts';

/** The request headers a browser typically sends, so the per-request overhead is not understated. */
export const BROWSER_HEADERS: Record<string, string> = {
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  Accept: '*/*',
  'Accept-Language': 'en-GB,en;q=0.9',
  'Accept-Encoding': 'gzip, deflate, br, zstd',
  Referer: 'http://127.0.0.1/lab',
};

function getJson(agent: Agent, url: string, tally: Tally): Promise<{ entries: { id: string }[]; lastId: string | null }> {
  return new Promise((resolve, reject) => {
    tally.requests += 1;
    const req = request(url, { agent, headers: BROWSER_HEADERS }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => (body += text));
      res.on('end', () => resolve(JSON.parse(body) as { entries: { id: string }[]; lastId: string | null }));
      res.on('error', reject);
    });
    req.on('socket', (socket) => tally.sockets.add(socket));
    req.on('error', reject);
    req.end();
  });
}

/** Short polling: one request every `intervalMs`, keep-alive, asking for what came after the last id. */
export function shortPollClient(baseUrl: string, intervalMs: number): TransportClient {
  const tally = new Tally();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const poll = async (): Promise<void> => {
    const since = tally.last ? `?since=${tally.last}` : '';
    const body = await getJson(agent, `${baseUrl}/api/poll/index${since}`, tally);
    for (const entry of body.entries) tally.entry(entry.id);
  };
  void poll();
  const timer = setInterval(() => void poll().catch(() => undefined), intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      const result = tally.result();
      agent.destroy();
      return result;
    },
  };
}

/** Long polling: a new request as soon as the previous one answers. */
export function longPollClient(baseUrl: string): TransportClient {
  const tally = new Tally();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let isRunning = true;
  void (async () => {
    while (isRunning) {
      const since = tally.last ? `since=${tally.last}&` : '';
      const body = await getJson(agent, `${baseUrl}/api/longpoll/index?${since}timeout=25`, tally).catch(() => undefined);
      for (const entry of body?.entries ?? []) tally.entry(entry.id);
    }
  })();
  return {
    async stop() {
      isRunning = false;
      const result = tally.result();
      agent.destroy();
      return result;
    },
  };
}

/** Server-Sent Events: one request, events as they come. */
export function sseClient(baseUrl: string): TransportClient {
  const tally = new Tally();
  tally.requests = 1;
  const req = request(`${baseUrl}/api/stream/index`, { headers: { ...BROWSER_HEADERS, Accept: 'text/event-stream' }, agent: false }, (res) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (text: string) => {
      buffer += text;
      const end = buffer.lastIndexOf('\n\n');
      for (const match of buffer.slice(0, end + 2).matchAll(/^id: (\d+-\d+)$/gm)) tally.entry(match[1] ?? '');
      buffer = buffer.slice(end + 2);
    });
    res.on('error', () => undefined);
  });
  req.on('socket', (socket) => tally.sockets.add(socket));
  req.on('error', () => undefined);
  req.end();
  return {
    async stop() {
      const result = tally.result();
      req.destroy();
      return result;
    },
  };
}

/** WebSocket: one handshake, one frame per entry. */
export function wsClient(url: string): TransportClient {
  const tally = new Tally();
  tally.requests = 1;
  const socket = new WebSocket(url, { perMessageDeflate: false, headers: BROWSER_HEADERS });
  socket.on('upgrade', (res) => tally.sockets.add(res.socket));
  socket.on('message', (data) => tally.entry((JSON.parse(data.toString()) as { id: string }).id));
  socket.on('error', () => undefined);
  return {
    async stop() {
      const result = tally.result();
      socket.terminate();
      return result;
    },
  };
}
