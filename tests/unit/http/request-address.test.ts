import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { requestAddressReader } from '../../../server/http/request-address.ts';

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('requestAddressReader', () => {
  it('uses the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    assert.equal(requestAddressReader({ proxies: [], hops: 1 })(request('10.0.0.9', '1.2.3.4')), '10.0.0.9');
  });

  it('behind a trusted proxy, uses the entry that proxy appended (the right-most)', () => {
    assert.equal(requestAddressReader({ proxies: ['127.0.0.1'], hops: 1 })(request('127.0.0.1', '6.6.6.6, 203.0.113.7')), '203.0.113.7');
  });

  it('does not believe X-Forwarded-For from a peer that is not a trusted proxy', () => {
    assert.equal(requestAddressReader({ proxies: ['10.0.0.5'], hops: 1 })(request('127.0.0.1', '203.0.113.7')), '127.0.0.1');
  });

  it('behind a trusted proxy without the header, falls back to the TCP peer', () => {
    assert.equal(requestAddressReader({ proxies: ['127.0.0.1'], hops: 1 })(request('127.0.0.1')), '127.0.0.1');
  });
});
