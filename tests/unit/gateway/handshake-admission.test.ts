import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HANDSHAKE_STATUS, NODE_FULL_RETRY_AFTER_SECONDS } from '../../../lib/protocol/codes.ts';
import { HandshakeAdmission } from '../../../server/gateway/connection/handshake-admission.ts';
import { HandshakeRateLimiter } from '../../../server/gateway/connection/handshake-rate.ts';

describe('HandshakeRateLimiter', () => {
  it('allows a burst, then one handshake per refill, and says how long to wait', () => {
    const limiter = new HandshakeRateLimiter(2, 3, 0);
    for (let i = 0; i < 3; i++) assert.equal(limiter.take('a', 0), undefined);
    assert.equal(limiter.take('a', 0), 1, 'empty: a token in 0.5 s, said as 1 s');
    assert.equal(limiter.take('a', 500), undefined, 'one token back after half a second');
    assert.equal(limiter.take('a', 500), 1);
    assert.equal(limiter.take('b', 500), undefined, 'every key has its own bucket');
  });

  it('rounds the wait up to whole seconds', () => {
    const limiter = new HandshakeRateLimiter(0.1, 1, 0);
    assert.equal(limiter.take('a', 0), undefined);
    assert.equal(limiter.take('a', 0), 10);
    assert.equal(limiter.take('a', 9_500), 1);
  });

  it('forgets buckets that have filled up again, so the map holds only recent addresses', () => {
    const limiter = new HandshakeRateLimiter(10, 5, 0);
    for (let i = 0; i < 1000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`, 0);
    assert.equal(limiter.size, 1000);
    // 0.5 s fills a bucket; the next take after that sweeps.
    limiter.take('other', 600);
    assert.equal(limiter.size, 1);
  });

  it('refuses settings that would refuse everything', () => {
    assert.throws(() => new HandshakeRateLimiter(0, 10), RangeError);
    assert.throws(() => new HandshakeRateLimiter(1, 0), RangeError);
  });
});

describe('HandshakeAdmission', () => {
  const limits = { maxSockets: 4, maxPerAddress: 2, handshakeRatePerSecond: 1000, handshakeBurst: 1000 };

  it('holds the node to maxSockets: 503 with Retry-After', () => {
    const admission = new HandshakeAdmission(limits);
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) assert.equal(admission.admit(address), undefined);
    assert.equal(admission.total, 4);
    assert.deepEqual(admission.admit('10.0.0.5'), { status: HANDSHAKE_STATUS.NODE_FULL, reason: 'node-full', retryAfterSeconds: NODE_FULL_RETRY_AFTER_SECONDS });
    admission.release('10.0.0.1');
    assert.equal(admission.admit('10.0.0.5'), undefined, 'a released slot is free again');
  });

  it('holds each address to maxPerAddress, an IPv6 client by its /64 and a mapped IPv4 one as IPv4', () => {
    const admission = new HandshakeAdmission({ ...limits, maxSockets: 100 });
    assert.equal(admission.admit('2001:db8:1:2::1'), undefined);
    assert.equal(admission.admit('2001:db8:1:2:ffff::9'), undefined);
    assert.deepEqual(admission.admit('2001:db8:1:2::3'), { status: HANDSHAKE_STATUS.TOO_MANY_CONNECTIONS, reason: 'address-full', retryAfterSeconds: undefined });
    assert.equal(admission.admit('2001:db8:1:3::1'), undefined);
    assert.equal(admission.countOf('2001:db8:1:2::77'), 2);
    assert.equal(admission.admit('198.51.100.7'), undefined);
    assert.equal(admission.admit('::ffff:198.51.100.7'), undefined);
    assert.equal(admission.admit('198.51.100.7')?.reason, 'address-full');
    admission.release('::ffff:198.51.100.7');
    assert.equal(admission.countOf('198.51.100.7'), 1);
  });

  it('checks the handshake rate first: 429 with Retry-After, even for an address with free slots', () => {
    const admission = new HandshakeAdmission({ maxSockets: 100, maxPerAddress: 100, handshakeRatePerSecond: 1, handshakeBurst: 2 });
    assert.equal(admission.admit('10.0.0.1', 0), undefined);
    admission.release('10.0.0.1');
    assert.equal(admission.admit('10.0.0.1', 0), undefined);
    admission.release('10.0.0.1');
    assert.deepEqual(admission.admit('10.0.0.1', 0), { status: HANDSHAKE_STATUS.TOO_MANY_HANDSHAKES, reason: 'handshake-rate', retryAfterSeconds: 1 });
    assert.equal(admission.total, 0, 'a refused handshake holds no slot');
    assert.equal(admission.admit('10.0.0.2', 0), undefined, 'another address has its own rate');
  });

  it('ignores a release of an address that holds nothing', () => {
    const admission = new HandshakeAdmission(limits);
    admission.release('10.9.9.9');
    assert.equal(admission.total, 0);
  });
});
