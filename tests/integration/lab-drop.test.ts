// The lab's drop on a web node: a drop for one lab id aborts exactly that lab's requests, and the
// broker subscription lives only while some lab request is open.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MemoryBroker } from '../../lib/broker/memory-broker.ts';
import { LabDropWatch } from '../../lib/lab/drop-watch.ts';
import { droppable } from '../../lib/lab/web-lab-drops.ts';
import { LAB_DROP_CHANNEL } from '../../lib/protocol/channels.ts';
import { waitFor } from '../helpers/wait-for.ts';

describe('lab drop', () => {
  const broker = new MemoryBroker({ logger: { warn: () => undefined, info: () => undefined } });
  after(() => broker.close());

  test('aborts only the requests of the dropped lab, and says it was a drop', async () => {
    const mine = await droppable(broker, 'lab-aaaa-0001', new AbortController().signal);
    const theirs = await droppable(broker, 'lab-bbbb-0002', new AbortController().signal);
    await broker.publish(LAB_DROP_CHANNEL, 'lab-aaaa-0001');
    await waitFor('dropped', () => mine.signal.aborted);
    assert.equal(mine.isDropped(), true);
    assert.equal(theirs.signal.aborted, false);
    mine.release();
    theirs.release();
  });

  test('a client leaving aborts without counting as a drop', async () => {
    const leaving = new AbortController();
    const request = await droppable(broker, 'lab-cccc-0003', leaving.signal);
    leaving.abort();
    assert.equal(request.signal.aborted, true);
    assert.equal(request.isDropped(), false);
  });

  test('holds the broker subscription only while a lab connection is open', async () => {
    const watch = new LabDropWatch(broker);
    let drops = 0;
    const release = await watch.watch('lab-dddd-0004', () => (drops += 1));
    assert.equal(watch.size, 1);
    await broker.publish(LAB_DROP_CHANNEL, 'lab-dddd-0004');
    await waitFor('one drop', () => drops === 1);
    release();
    release();
    assert.equal(watch.size, 0);
    await broker.publish(LAB_DROP_CHANNEL, 'lab-dddd-0004');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(drops, 1);
  });
});
