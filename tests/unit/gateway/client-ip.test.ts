import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { clientIpOf } from '../../../server/gateway/connection/handshake-check.ts';

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('clientIpOf', () => {
  it('uses the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    assert.equal(clientIpOf(request('10.0.0.9', '1.2.3.4')), '10.0.0.9');
  });

  it('behind a trusted proxy, uses the entry that proxy appended (the right-most)', () => {
    assert.equal(clientIpOf(request('127.0.0.1', '6.6.6.6, 203.0.113.7'), true), '203.0.113.7');
  });

  it('behind a trusted proxy without the header, falls back to the TCP peer', () => {
    assert.equal(clientIpOf(request('127.0.0.1'), true), '127.0.0.1');
  });
});
