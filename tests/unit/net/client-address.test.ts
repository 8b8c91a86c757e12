import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientAddress, isProxyEntry, limitKeyOf, NO_PROXY_TRUST, proxyMatcher, type ProxyTrust } from '../../../lib/net/client-address.ts';

const NGINX: ProxyTrust = { proxies: ['10.0.0.5'], hops: 1 };
// A CDN in front of our nginx: two proxies, each appending the address it saw.
const CDN_AND_NGINX: ProxyTrust = { proxies: ['10.0.0.0/24', '192.0.2.0/24'], hops: 2 };

describe('clientAddress', () => {
  it('ignores X-Forwarded-For on a direct connection: the client is judged by its own address', () => {
    assert.equal(clientAddress('198.51.100.7', '127.0.0.1', NO_PROXY_TRUST), '198.51.100.7');
    // Trusting a proxy does not make a client that connects directly a proxy.
    assert.equal(clientAddress('198.51.100.7', '127.0.0.1', NGINX), '198.51.100.7');
    assert.equal(clientAddress('198.51.100.7', ['1.1.1.1', '2.2.2.2'], NGINX), '198.51.100.7');
  });

  it('behind one trusted proxy, takes the entry it appended and never one the client wrote', () => {
    assert.equal(clientAddress('10.0.0.5', '203.0.113.9', NGINX), '203.0.113.9');
    // The client forged 127.0.0.1; nginx appended the real peer last.
    assert.equal(clientAddress('10.0.0.5', '127.0.0.1, 203.0.113.9', NGINX), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.5', ['127.0.0.1', '203.0.113.9'], NGINX), '203.0.113.9', 'repeated headers join in order');
  });

  it('behind two trusted hops, steps left twice, and only while the address stepped from is trusted', () => {
    assert.equal(clientAddress('10.0.0.5', '203.0.113.9, 192.0.2.10', CDN_AND_NGINX), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.5', '6.6.6.6, 203.0.113.9, 192.0.2.10', CDN_AND_NGINX), '203.0.113.9', 'a third, forged entry is not reached');
    // The first hop is not a proxy of ours: that address is the client, whatever stands left of it.
    assert.equal(clientAddress('10.0.0.5', '6.6.6.6, 203.0.113.9', CDN_AND_NGINX), '203.0.113.9');
    // One trusted hop configured: a second proxy's entry is not believed.
    assert.equal(clientAddress('10.0.0.5', '203.0.113.9, 192.0.2.10', { ...CDN_AND_NGINX, hops: 1 }), '192.0.2.10');
  });

  it('keeps the last address it could believe when the header is missing, empty or not an address', () => {
    assert.equal(clientAddress('10.0.0.5', undefined, NGINX), '10.0.0.5');
    assert.equal(clientAddress('10.0.0.5', '', NGINX), '10.0.0.5');
    assert.equal(clientAddress('10.0.0.5', 'not-an-ip', NGINX), '10.0.0.5');
    assert.equal(clientAddress('10.0.0.5', 'unknown', CDN_AND_NGINX), '10.0.0.5');
    assert.equal(clientAddress(undefined, '203.0.113.9', NGINX), 'unknown');
  });

  it('reads IPv4-mapped IPv6 peers and entries as the IPv4 address', () => {
    assert.equal(clientAddress('::ffff:198.51.100.7', undefined, NO_PROXY_TRUST), '198.51.100.7');
    assert.equal(clientAddress('::ffff:10.0.0.5', '::ffff:203.0.113.9', NGINX), '203.0.113.9', 'a mapped proxy address is trusted like the plain one');
  });

  it('trusts IPv6 proxies and ranges', () => {
    const trust: ProxyTrust = { proxies: ['fd00::/8'], hops: 1 };
    assert.equal(clientAddress('fd00::5', '2001:db8::1', trust), '2001:db8::1');
    assert.equal(clientAddress('fe80::5', '2001:db8::1', trust), 'fe80::5');
  });
});

describe('limitKeyOf', () => {
  it('groups IPv6 addresses by their /64, in one spelling', () => {
    const key = limitKeyOf('2001:db8:1:2::5');
    assert.equal(key, '2001:0db8:0001:0002::/64');
    assert.equal(limitKeyOf('2001:DB8:1:2:aaaa:bbbb:cccc:dddd'), key);
    assert.equal(limitKeyOf('2001:0db8:0001:0002:0:0:0:1'), key);
    assert.notEqual(limitKeyOf('2001:db8:1:3::5'), key, 'the next /64 is another client');
    assert.equal(limitKeyOf('::1'), '0000:0000:0000:0000::/64');
    assert.equal(limitKeyOf('fe80::1%eth0'), 'fe80:0000:0000:0000::/64');
  });

  it('counts an embedded IPv4 tail as two groups', () => {
    assert.equal(limitKeyOf('1:2::3:4:5:1.2.3.4'), '0001:0002:0000:0003::/64');
    assert.equal(limitKeyOf('64:ff9b::198.51.100.7'), '0064:ff9b:0000:0000::/64');
  });

  it('keeps IPv4 addresses whole, mapped or not', () => {
    assert.equal(limitKeyOf('198.51.100.7'), '198.51.100.7');
    assert.equal(limitKeyOf('::ffff:198.51.100.7'), '198.51.100.7');
    assert.notEqual(limitKeyOf('198.51.100.8'), limitKeyOf('198.51.100.7'));
  });
});

describe('isProxyEntry and proxyMatcher', () => {
  it('accepts addresses and CIDR ranges only', () => {
    for (const entry of ['10.0.0.5', '10.0.0.0/8', '0.0.0.0/0', '::1', 'fd00::/8', '2001:db8::/128']) assert.ok(isProxyEntry(entry), entry);
    for (const entry of ['', 'nginx', '10.0.0.0/33', '::/129', '10.0.0.0/8/8', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/1e1', '10.0.0.256']) assert.ok(!isProxyEntry(entry), entry);
  });

  it('matches the listed addresses and ranges, and nothing when no hop is trusted', () => {
    const isTrusted = proxyMatcher({ proxies: ['127.0.0.1', '10.1.0.0/16', 'fd00::/8'], hops: 1 });
    for (const address of ['127.0.0.1', '::ffff:127.0.0.1', '10.1.200.3', 'fd12::1']) assert.ok(isTrusted(address), address);
    for (const address of ['127.0.0.2', '10.2.0.1', 'fe80::1', 'unknown']) assert.ok(!isTrusted(address), address);
    assert.ok(!proxyMatcher({ proxies: ['127.0.0.1'], hops: 0 })('127.0.0.1'));
    assert.ok(!proxyMatcher(NO_PROXY_TRUST)('127.0.0.1'));
  });
});
