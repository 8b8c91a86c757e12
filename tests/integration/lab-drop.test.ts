// The lab's drop on a web node: a drop for one lab id aborts exactly that lab's requests, including one
// sent before the drop that reaches the node after it, and the broker subscription lives only while
// some lab request is open, and a little after.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MemoryBroker } from '../../lib/broker/memory-broker.ts';
import { LabDropWatch } from '../../server/lab/drop-watch.ts';
import { encodeLabDrop } from '../../lib/protocol/lab-query.ts';
import { droppable } from '../../server/lab/web-lab-drops.ts';
import { LAB_DROP_CHANNEL } from '../../lib/protocol/channels.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

describe('lab drop', () => {
  const broker = new MemoryBroker({ logger: { warn: () => undefined, info: () => undefined } });
  const drops = new LabDropWatch(broker);
  after(async () => {
    await drops.close();
    await broker.close();
  });
  const publishDrop = (lab: string, epoch: number): Promise<void> => broker.publish(LAB_DROP_CHANNEL, encodeLabDrop({ lab, epoch }));

  test('aborts only the requests of the dropped lab, and says it was a drop', async () => {
    const mine = await droppable(drops, 'lab-aaaa-0001', new AbortController().signal);
    const theirs = await droppable(drops, 'lab-bbbb-0002', new AbortController().signal);
    await publishDrop('lab-aaaa-0001', 1);
    await waitFor('dropped', () => mine.signal.aborted);
    assert.equal(mine.isDropped(), true);
    assert.equal(theirs.signal.aborted, false);
    mine.release();
    theirs.release();
  });

  test('a client leaving aborts without counting as a drop', async () => {
    const leaving = new AbortController();
    const request = await droppable(drops, 'lab-cccc-0003', leaving.signal);
    leaving.abort();
    assert.equal(request.signal.aborted, true);
    assert.equal(request.isDropped(), false);
  });

  test('a request sent before a drop it arrives after is dropped at once; one sent after it is not', async () => {
    const watch = new LabDropWatch(broker, 10);
    const open = await watch.watch('lab-eeee-0005', () => undefined);
    await publishDrop('lab-eeee-0005', 2);
    await sleep(10);
    const outcomes: string[] = [];
    const releases = await Promise.all(
      [undefined, 1, 2].map((epoch) => watch.watch('lab-eeee-0005', () => outcomes.push(`sent at ${epoch ?? 'no epoch'}`), epoch)),
    );
    assert.deepEqual(outcomes, ['sent at 1']);
    for (const release of [open, ...releases]) release();
    await watch.close();
  });

  test('ignores a published payload that is not a drop', async () => {
    const request = await droppable(drops, 'lab-ffff-0006', new AbortController().signal);
    for (const payload of ['lab-ffff-0006', '{"lab":"lab-ffff-0006"}', '{"lab":"lab-ffff-0006","epoch":"1"}', 'null']) await broker.publish(LAB_DROP_CHANNEL, payload);
    await sleep(20);
    assert.equal(request.signal.aborted, false);
    await publishDrop('lab-ffff-0006', 1);
    await waitFor('dropped by the real drop', () => request.isDropped());
    request.release();
  });

  test('holds the broker subscription while a lab connection is open, and for the linger after', async () => {
    const watch = new LabDropWatch(broker, 100);
    let drops = 0;
    const release = await watch.watch('lab-dddd-0004', () => (drops += 1));
    assert.equal(watch.size, 1);
    await publishDrop('lab-dddd-0004', 1);
    await waitFor('one drop', () => drops === 1);
    release();
    release();
    assert.equal(watch.size, 0);
    // Within the linger a drop is still heard, so a poll sent before it and arriving after is failed.
    await publishDrop('lab-dddd-0004', 2);
    await sleep(10);
    let lateDrops = 0;
    const late = await watch.watch('lab-dddd-0004', () => (lateDrops += 1), 1);
    assert.equal(lateDrops, 1);
    late();
    // After the linger the node no longer listens: drop 3 goes unheard, so a poll sent at 2 is not failed.
    await sleep(150);
    await publishDrop('lab-dddd-0004', 3);
    await sleep(10);
    let unheard = 0;
    const afterLinger = await watch.watch('lab-dddd-0004', () => (unheard += 1), 2);
    assert.equal(unheard, 0);
    assert.equal(drops, 1);
    afterLinger();
    await watch.close();
  });
});
