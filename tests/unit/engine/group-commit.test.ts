import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueEntry } from '../../../lib/broker/broker.ts';
import { GroupCommit } from '../../../workers/engine/group-commit.ts';
import type { OrderEntryHandler } from '../../../workers/engine/order-entry-handler.ts';
import { SerialQueue } from '../../../workers/engine/serial-queue.ts';

const entry = (id: string): QueueEntry => ({ id, data: id, deliveries: 1 });

/** Records every call; a batch containing `poison` fails, as does `poison` alone. */
function recordingHandler(poison?: string): OrderEntryHandler & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    handleOne: async (e) => {
      calls.push([e.id]);
      if (e.id === poison) throw new Error('bad entry');
    },
    handleBatch: async (entries) => {
      calls.push(entries.map((e) => e.id));
      if (entries.some((e) => e.id === poison)) throw new Error('batch failed');
    },
  };
}

describe('group commit', () => {
  it('commits every entry handed over together as one batch, in order', async () => {
    const handler = recordingHandler();
    const commit = new GroupCommit(new SerialQueue(), handler);
    await Promise.all(['1-0', '2-0', '3-0'].map((id) => commit.submit(entry(id))));
    assert.deepEqual(handler.calls, [['1-0', '2-0', '3-0']]);
  });

  it('a lone entry goes through the single-entry path', async () => {
    const handler = recordingHandler();
    await new GroupCommit(new SerialQueue(), handler).submit(entry('1-0'));
    assert.deepEqual(handler.calls, [['1-0']]);
  });

  it('entries arriving while a batch commits form the next batch', async () => {
    const serial = new SerialQueue();
    const handler = recordingHandler();
    const commit = new GroupCommit(serial, handler);
    let release = (): void => {};
    // Something else (a resting fill) holds the serial queue while entries arrive.
    void serial.run(() => new Promise<void>((resolve) => (release = resolve)));
    const first = [commit.submit(entry('1-0')), commit.submit(entry('2-0'))];
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(handler.calls, []);
    release();
    await Promise.all(first);
    await Promise.all([commit.submit(entry('3-0')), commit.submit(entry('4-0'))]);
    assert.deepEqual(handler.calls, [['1-0', '2-0'], ['3-0', '4-0']]);
  });

  it('retries the entries of a failed batch one by one: only the bad one is left pending', async () => {
    const handler = recordingHandler('2-0');
    const failures: number[] = [];
    const commit = new GroupCommit(new SerialQueue(), handler, { onBatchFailed: (_error, size) => failures.push(size) });
    const results = await Promise.allSettled(['1-0', '2-0', '3-0'].map((id) => commit.submit(entry(id))));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(handler.calls, [['1-0', '2-0', '3-0'], ['1-0'], ['2-0'], ['3-0']]);
    assert.deepEqual(failures, [3]);
  });

  it('takes a batch only once the engine is ready, so entries arriving meanwhile join it', async () => {
    const handler = recordingHandler();
    let ready: () => void = () => {};
    const readiness = new Promise<void>((resolve) => (ready = resolve));
    const commit = new GroupCommit(new SerialQueue(), handler, { whenReady: () => readiness });
    const first = commit.submit(entry('1-0'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(handler.calls, [], 'nothing committed while not ready');
    const second = commit.submit(entry('2-0'));
    ready();
    await Promise.all([first, second]);
    assert.deepEqual(handler.calls, [['1-0', '2-0']]);
  });
});

