// The capture's reader for several HTTP/1.1 messages on one connection, on streams written by hand:
// bodies framed by Content-Length, messages without one, a cut-off message, a chunked one refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpMessages } from '../../../scripts/capture/http-messages.ts';

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

describe('successive HTTP messages in a recorded stream', () => {
  it('reads each message with its offset, head and Content-Length body', () => {
    const first = crlf('GET /socket.io/?EIO=4&transport=polling HTTP/1.1\nHost: a\n\n');
    const second = crlf('POST /socket.io/?sid=x HTTP/1.1\nContent-Length: 2\n\n') + '40';
    const third = crlf('GET /socket.io/?sid=x HTTP/1.1\nHost: a\n\n');
    const messages = httpMessages(Buffer.from(first + second + third, 'latin1'));
    assert.deepEqual(
      messages.map((m) => ({ offset: m.offset, line: m.head.split('\n')[0], body: m.body.toString() })),
      [
        { offset: 0, line: 'GET /socket.io/?EIO=4&transport=polling HTTP/1.1', body: '' },
        { offset: first.length, line: 'POST /socket.io/?sid=x HTTP/1.1', body: '40' },
        { offset: first.length + second.length, line: 'GET /socket.io/?sid=x HTTP/1.1', body: '' },
      ],
    );
    assert.equal(messages[1]?.head, 'POST /socket.io/?sid=x HTTP/1.1\nContent-Length: 2');
  });

  it('keeps a body of multi-byte characters whole by counting bytes', () => {
    const body = Buffer.from('42["x","é"]');
    const stream = Buffer.concat([Buffer.from(crlf(`HTTP/1.1 200 OK\nContent-Length: ${body.length}\n\n`)), body, Buffer.from(crlf('HTTP/1.1 200 OK\nContent-Length: 1\n\n6'))]);
    assert.deepEqual(httpMessages(stream).map((m) => m.body.toString()), ['42["x","é"]', '6']);
  });

  it('leaves out a message whose head or body was cut off', () => {
    const whole = crlf('HTTP/1.1 200 OK\nContent-Length: 2\n\nok');
    assert.equal(httpMessages(Buffer.from(whole + crlf('HTTP/1.1 200 OK\nContent-Length: 10\n\n6'))).length, 1);
    assert.equal(httpMessages(Buffer.from(whole + 'HTTP/1.1 200')).length, 1);
    assert.deepEqual(httpMessages(Buffer.alloc(0)), []);
  });

  it('refuses a chunked message rather than misreading it', () => {
    assert.throws(() => httpMessages(Buffer.from(crlf('HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nok\n0\n\n'))), /Transfer-Encoding/);
  });
});
