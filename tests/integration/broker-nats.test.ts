// The broker contract (broker-contract-suite.ts) against the real nats-server with JetStream, under a
// prefix of its own; afterwards its streams, consumers and KV buckets are deleted, and nothing else.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBroker } from '../../lib/broker/create-broker.ts';
import { NatsBroker } from '../../lib/broker/nats-broker.ts';
import { deleteNatsStreams, TEST_NATS_URL, uniqueNatsPrefix } from '../helpers/nats-cleanup.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { brokerContractSuite, recordingLogger } from './broker-contract-suite.ts';

const prefix = uniqueNatsPrefix();

brokerContractSuite({
  label: 'nats',
  open: (logger) => new NatsBroker({ url: TEST_NATS_URL, prefix, logger }),
  cleanup: async () => void (await deleteNatsStreams(prefix)),
});

describe('NATS broker names and cleanup', () => {
  const ownPrefix = uniqueNatsPrefix();
  const broker = new NatsBroker({ url: TEST_NATS_URL, prefix: ownPrefix, logger: recordingLogger() });
  after(async () => {
    await broker.close();
    await deleteNatsStreams(ownPrefix);
  });

  it('takes the app\'s names (colons, dashes, dots, spaces) as streams, queues, keys and channels', async () => {
    await waitFor('broker ready', () => broker.state === 'ready');
    const odd = 'md:book:BTC-USD.x y_z';
    const received: string[] = [];
    await broker.subscribe(odd, (payload) => received.push(payload));
    await broker.publish(odd, 'p');
    await broker.publish('md:book:BTC-USD', 'other channel');
    await waitFor('the message', () => received.length === 1);
    assert.deepEqual(received, ['p']);
    const id = await broker.append(odd, 'e', { maxLen: 10 });
    assert.deepEqual(await broker.readLatest(odd, 5), [{ id, data: 'e' }]);
    assert.match(id, /^\d+-0$/);
    await broker.enqueue(odd, 'q');
    assert.equal(await broker.queueLength(odd), 1);
    await broker.set(odd, 'v');
    await broker.setField(odd, odd, 'f');
    assert.equal(await broker.get(odd), 'v');
    assert.deepEqual(await broker.readFields(odd), { [odd]: 'f' });
  });

  it('is what createBroker opens for BROKER=nats, and only then', async () => {
    const opened = createBroker({ kind: 'nats', natsUrl: TEST_NATS_URL, natsPrefix: ownPrefix, prefix: 'unused:', logger: recordingLogger() });
    try {
      assert.ok(opened instanceof NatsBroker);
      await waitFor('createBroker\'s NATS broker ready', () => opened.state === 'ready');
      await opened.ping();
    } finally {
      await opened.close();
    }
    const memory = createBroker({ prefix: 'unused:' });
    assert.equal(memory.kind, 'memory');
    await memory.close();
  });

  it('deletes only its own prefix\'s streams and buckets', async () => {
    const deleted = await deleteNatsStreams(ownPrefix);
    assert.ok(deleted.length >= 3, `deleted ${deleted.join(', ')}`);
    assert.ok(deleted.every((name) => name.startsWith(`${ownPrefix}_`) || name.startsWith(`KV_${ownPrefix}_`)), deleted.join(', '));
    assert.deepEqual(await deleteNatsStreams(ownPrefix), []);
  });
});
