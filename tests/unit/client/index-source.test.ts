import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { browserIndexSource } from '../../../lib/client/index-feed.ts';

// A scripted EventSource: the test opens it, fails it (retrying or given up) and sends it events.
class ScriptedEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: ScriptedEventSource[] = [];
  readyState = ScriptedEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners: ((event: { data: string; lastEventId: string }) => void)[] = [];

  constructor(readonly url: string) {
    ScriptedEventSource.opened.push(this);
  }
  addEventListener(_type: string, listener: (event: { data: string; lastEventId: string }) => void): void {
    this.listeners.push(listener);
  }
  close(): void {
    this.readyState = ScriptedEventSource.CLOSED;
  }
  open(): void {
    this.readyState = ScriptedEventSource.OPEN;
    this.onopen?.();
  }
  send(lastEventId: string, data: string): void {
    for (const listener of this.listeners) listener({ data, lastEventId });
  }
  fail(hasGivenUp: boolean): void {
    this.readyState = hasGivenUp ? ScriptedEventSource.CLOSED : ScriptedEventSource.CONNECTING;
    this.onerror?.();
  }
}

describe('the browser index source', () => {
  const saved = (globalThis as { EventSource?: unknown }).EventSource;
  beforeEach(() => {
    ScriptedEventSource.opened = [];
    (globalThis as { EventSource?: unknown }).EventSource = ScriptedEventSource;
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => {
    mock.timers.reset();
    (globalThis as { EventSource?: unknown }).EventSource = saved;
  });

  function start() {
    const seen: string[] = [];
    const close = browserIndexSource('/api/stream/index?symbols=AAPL', { onOpen: () => seen.push('open'), onError: () => seen.push('error'), onIndex: (data) => seen.push(String(data)) });
    return { seen, close };
  }

  it('leaves a dropped connection to the EventSource, which retries by itself', () => {
    const { seen } = start();
    ScriptedEventSource.opened[0]?.open();
    ScriptedEventSource.opened[0]?.fail(false);
    mock.timers.tick(60_000);
    assert.equal(ScriptedEventSource.opened.length, 1);
    assert.deepEqual(seen, ['open', 'error']);
  });

  it('reopens one that gave up (a 503 from a full node) after a backoff, from the last id it saw', () => {
    const { seen } = start();
    const first = ScriptedEventSource.opened[0];
    first?.open();
    first?.send('1733500000000-0', '{"v":1}');
    first?.fail(true);
    mock.timers.tick(400);
    assert.equal(ScriptedEventSource.opened.length, 1, 'not before the minimum delay');
    mock.timers.tick(1_200);
    assert.equal(ScriptedEventSource.opened.length, 2);
    assert.equal(ScriptedEventSource.opened[1]?.url, '/api/stream/index?symbols=AAPL&lastEventId=1733500000000-0');
    ScriptedEventSource.opened[1]?.open();
    assert.deepEqual(seen, ['open', '{"v":1}', 'error', 'open']);
  });

  it('stops reopening once closed', () => {
    const { close } = start();
    ScriptedEventSource.opened[0]?.fail(true);
    close();
    mock.timers.tick(60_000);
    assert.equal(ScriptedEventSource.opened.length, 1);
  });
});
