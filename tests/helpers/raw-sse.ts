// One SSE request over node:http, seeing the bytes exactly as sent (no decompression, no parsing help).
import { request, type IncomingMessage } from 'node:http';
import { parseSseBlocks, type ParsedSseEvent } from './sse-text.ts';

export interface RawSse {
  readonly response: IncomingMessage;
  /** When the request was sent (ms since the epoch). */
  readonly startedAt: number;
  readonly events: (ParsedSseEvent & { receivedAt: number })[];
  raw(): string;
  /** How many separate reads the body arrived in. */
  reads(): number;
  close(): void;
}

/** Sends the request and resolves once the response headers arrive. */
export function openRawSse(url: string, headers: Record<string, string> = {}): Promise<RawSse> {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: 'text/event-stream', ...headers }, agent: false });
    req.on('error', reject);
    req.on('response', (response) => {
      const events: RawSse['events'] = [];
      let raw = '';
      let buffer = '';
      let reads = 0;
      response.setEncoding('utf8');
      response.on('data', (text: string) => {
        reads += 1;
        raw += text;
        const parsed = parseSseBlocks(buffer + text);
        buffer = parsed.rest;
        for (const event of parsed.events) events.push({ ...event, receivedAt: Date.now() });
      });
      response.on('error', () => undefined);
      resolve({ response, startedAt, events, raw: () => raw, reads: () => reads, close: () => req.destroy() });
    });
    req.end();
  });
}
