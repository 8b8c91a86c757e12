// The capture script's HTTP text helpers: head and body split, chunked framing removed, cookies
// redacted, long lines cut with a count.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dechunk, headerValue, redactCookies, shortenLongLines, splitHttpMessage } from '../../../scripts/capture/http-message.ts';

describe('recorded HTTP messages as text', () => {
  it('splits the head from the body and reads headers case-insensitively', () => {
    const message = splitHttpMessage(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n'));
    assert.equal(message.head, 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked');
    assert.equal(message.body.toString(), '5\r\nhello\r\n');
    assert.equal(headerValue(message.head, 'transfer-encoding'), 'chunked');
    assert.equal(headerValue(message.head, 'Content-Length'), undefined);
    assert.throws(() => splitHttpMessage(Buffer.from('HTTP/1.1 200 OK\r\n')), /no complete HTTP head/);
  });

  it('removes chunked framing, keeping what arrived of a chunk cut off by the capture', () => {
    assert.equal(dechunk(Buffer.from('d\r\nretry: 2000\n\n\r\n5;ext=1\r\nid: 1\r\n0\r\n\r\n')).toString(), 'retry: 2000\n\nid: 1');
    assert.equal(dechunk(Buffer.from('a\r\nabc')).toString(), 'abc');
  });

  it("redacts cookies' values, keeping names and Set-Cookie attributes", () => {
    const head = 'GET /ws HTTP/1.1\nCookie: tw_session=abc123; theme=dark\nHost: x\nSet-Cookie: tw_session=secret; Path=/; HttpOnly';
    assert.equal(redactCookies(head), 'GET /ws HTTP/1.1\nCookie: tw_session=<redacted>; theme=<redacted>\nHost: x\nSet-Cookie: tw_session=<redacted>; Path=/; HttpOnly');
  });

  it('cuts long lines and says how much was left out', () => {
    assert.equal(shortenLongLines('short\n0123456789', 5), 'short\n01234… (5 more characters)');
  });
});
