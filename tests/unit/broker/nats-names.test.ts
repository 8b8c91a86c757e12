// The NATS broker's names: one reversible escape that makes any app name a valid subject token, stream,
// consumer and bucket name and KV key part; and the ack subjects it reads deliveries from.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { natsNames, natsToken } from '../../../lib/broker/nats-names.ts';
import { parseAckSubject } from '../../../lib/broker/nats-pull.ts';

// Stream and consumer names: no whitespace, `.`, `*`, `>`, path separators; KV keys: [-/=.\w]; buckets: [\w-].
const VALID_TOKEN = /^[A-Za-z0-9_-]+$/;

describe('natsToken', () => {
  it('keeps letters, digits and dashes, and escapes everything else, underscores included', () => {
    assert.equal(natsToken('BTC-USD'), 'BTC-USD');
    assert.equal(natsToken('md:book:BTC-USD'), 'md_3A_book_3A_BTC-USD');
    assert.equal(natsToken('a_b.c d*>/é'), 'a_5F_b_2E_c_20_d_2A__3E__2F__E9_');
    assert.equal(natsToken(''), '_');
  });

  it('gives every name a valid token, and different names different tokens', () => {
    const names = ['md:index', 'md_3A_index', 'orders', 'user:1f0c-aa', 'a.b', 'a_2E_b', 'x y', '', '_', '🙂', 'engine:deadman-switches'];
    const tokens = names.map(natsToken);
    for (const token of tokens) assert.match(token, VALID_TOKEN);
    assert.equal(new Set(tokens).size, names.length);
  });
});

describe('natsNames', () => {
  it('prefixes every name, so two deployments never share one', () => {
    const a = natsNames('tw');
    const b = natsNames('tw-2');
    assert.equal(a.stream('md:index'), 'tw_stream_md_3A_index');
    assert.equal(a.streamLiveSubject('md:index'), 'tw.stream.md_3A_index.live');
    assert.equal(a.queue('orders'), 'tw_queue_orders');
    assert.equal(a.channel('md:book:BTC-USD'), 'tw.channel.md_3A_book_3A_BTC-USD');
    assert.equal(a.limitBucket(600), 'tw_limits_600s');
    for (const name of ['md:index', 'orders']) assert.notEqual(a.stream(name), b.stream(name));
    assert.ok(!b.ownedStreamPrefixes.some((start) => a.stream('x').startsWith(start)));
  });

  it('refuses a prefix that could run into a name', () => {
    for (const prefix of ['', 'tw:', 'tw_x', 'tw.x', 'a'.repeat(33)]) assert.throws(() => natsNames(prefix), RangeError);
  });
});

describe('parseAckSubject', () => {
  it('reads the delivery count and stream sequence of both ack subject forms', () => {
    assert.deepEqual(parseAckSubject('$JS.ACK.tw_queue_orders.engine.2.17.30.1700000000000000000.4'), { deliveries: 2, streamSequence: 17 });
    assert.deepEqual(parseAckSubject('$JS.ACK.hub.ACCHASH.tw_queue_orders.engine.1.5.5.1700000000000000000.0.rand'), { deliveries: 1, streamSequence: 5 });
  });

  it('refuses anything else', () => {
    assert.equal(parseAckSubject('_INBOX.abc'), undefined);
    assert.equal(parseAckSubject('$JS.ACK.s.c.x.5.5.1.0'), undefined);
  });
});
