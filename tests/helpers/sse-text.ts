// Parses Server-Sent Events text into events, and reads a web stream of them, for tests.
export interface ParsedSseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/** Splits complete blocks off `buffer`; returns the events and what is left of it. Comments are kept as `event: 'comment'`. */
export function parseSseBlocks(buffer: string): { events: ParsedSseEvent[]; rest: string } {
  const events: ParsedSseEvent[] = [];
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === '') events.push({ id: undefined, event: 'comment', data: value });
      else if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry') events.push({ id: undefined, event: 'retry', data: value });
    }
    if (data.length > 0) events.push({ id, event, data: data.join('\n') });
  }
  return { events, rest };
}

/** Reads a byte stream in the background, collecting its events. */
export function collectSse(stream: ReadableStream<Uint8Array>): { events: ParsedSseEvent[]; chunks: Uint8Array[]; done: Promise<unknown>; cancel(): Promise<void> } {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const events: ParsedSseEvent[] = [];
  const chunks: Uint8Array[] = [];
  let buffer = '';
  const done = (async () => {
    for (;;) {
      const { done: isDone, value } = await reader.read();
      if (isDone) return;
      chunks.push(value);
      const parsed = parseSseBlocks(buffer + decoder.decode(value, { stream: true }));
      buffer = parsed.rest;
      events.push(...parsed.events);
    }
  })().catch((error: unknown) => error);
  return { events, chunks, done, cancel: () => reader.cancel() };
}

/** Pipes a byte stream into a collecting WritableStream (as Next does with a route's body), collecting its events. */
export function pipeSse(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): { events: ParsedSseEvent[]; chunks: Uint8Array[]; done: Promise<unknown> } {
  const decoder = new TextDecoder();
  const events: ParsedSseEvent[] = [];
  const chunks: Uint8Array[] = [];
  let buffer = '';
  const destination = new WritableStream<Uint8Array>({
    write(chunk) {
      chunks.push(chunk);
      const parsed = parseSseBlocks(buffer + decoder.decode(chunk, { stream: true }));
      buffer = parsed.rest;
      events.push(...parsed.events);
    },
  });
  const done = stream.pipeTo(destination, { signal }).then(() => undefined, (error: unknown) => error);
  return { events, chunks, done };
}
