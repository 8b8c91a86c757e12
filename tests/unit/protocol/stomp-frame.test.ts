// The STOMP 1.2 codec on the spec's examples and on every way a frame can be malformed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeStompFrame, headerOf, STOMP_COMMANDS, type StompFrame } from '../../../lib/protocol/stomp/stomp-frame.ts';
import { StompParser, type StompParseEvent } from '../../../lib/protocol/stomp/stomp-parser.ts';

const LIMITS = { maxFrameBytes: 16 * 1024, maxHeaders: 32 };

function parseAll(input: string | Buffer, limits = LIMITS): StompParseEvent[] {
  return new StompParser(limits).push(input);
}

function onlyFrame(input: string | Buffer): StompFrame {
  const events = parseAll(input);
  assert.equal(events.length, 1, JSON.stringify(events));
  const [event] = events;
  assert.ok(event?.kind === 'frame', JSON.stringify(event));
  return event.frame;
}

function onlyError(events: StompParseEvent[]): Extract<StompParseEvent, { kind: 'error' }> {
  const errors = events.filter((e) => e.kind === 'error');
  assert.equal(errors.length, 1, JSON.stringify(events));
  const [error] = errors;
  assert.ok(error?.kind === 'error');
  assert.equal(error.code, 'BAD_FRAME');
  assert.equal(events.at(-1), error, 'the error is the last event');
  return error;
}

describe('STOMP frame encoder', () => {
  it('writes command, headers, blank line, body and NUL, adding content-length in bytes', () => {
    const frame = encodeStompFrame('MESSAGE', [['destination', '/topic/a'], ['subscription', 'sub-0']], '1 €');
    assert.equal(frame.toString('utf8'), 'MESSAGE\ndestination:/topic/a\nsubscription:sub-0\ncontent-length:5\n\n1 €\0');
  });

  it('takes headers as a record the same as as pairs', () => {
    assert.deepEqual(encodeStompFrame('RECEIPT', { 'receipt-id': 'r-1' }), encodeStompFrame('RECEIPT', [['receipt-id', 'r-1']]));
    assert.equal(encodeStompFrame('RECEIPT', new Map([['receipt-id', 'r-1']])).toString(), 'RECEIPT\nreceipt-id:r-1\n\n\0');
  });

  it('adds no content-length to an empty body, and none beside one the caller gave', () => {
    assert.equal(encodeStompFrame('RECEIPT', { 'receipt-id': '7' }).toString(), 'RECEIPT\nreceipt-id:7\n\n\0');
    assert.equal(encodeStompFrame('MESSAGE', { 'content-length': '2' }, 'ab').toString(), 'MESSAGE\ncontent-length:2\n\nab\0');
  });

  it('escapes header names and values, except on CONNECT and CONNECTED', () => {
    assert.equal(encodeStompFrame('ERROR', [['a:b', 'c\\d\ne\rf']]).toString(), 'ERROR\na\\cb:c\\\\d\\ne\\rf\n\n\0');
    assert.equal(encodeStompFrame('CONNECTED', [['server', 'Tickwire/0.1 a:b\\c']]).toString(), 'CONNECTED\nserver:Tickwire/0.1 a:b\\c\n\n\0');
    assert.equal(encodeStompFrame('CONNECT', [['login', 'x:y']]).toString(), 'CONNECT\nlogin:x:y\n\n\0');
  });

  it('lets a body hold NULs, framed by its content-length', () => {
    const encoded = encodeStompFrame('SEND', { destination: '/app/x' }, 'a\0b');
    assert.equal(encoded.toString(), 'SEND\ndestination:/app/x\ncontent-length:3\n\na\0b\0');
    assert.equal(onlyFrame(encoded).body, 'a\0b');
  });

  it('names every command of STOMP 1.2 on its side', () => {
    assert.deepEqual([...STOMP_COMMANDS.client].sort(), ['ABORT', 'ACK', 'BEGIN', 'COMMIT', 'CONNECT', 'DISCONNECT', 'NACK', 'SEND', 'STOMP', 'SUBSCRIBE', 'UNSUBSCRIBE']);
    assert.deepEqual([...STOMP_COMMANDS.server].sort(), ['CONNECTED', 'ERROR', 'MESSAGE', 'RECEIPT']);
  });
});

describe('STOMP frame parser: the spec', () => {
  it('reads a CONNECT frame', () => {
    const frame = onlyFrame('CONNECT\naccept-version:1.2\nhost:stomp.github.org\n\n\0');
    assert.deepEqual(frame, { command: 'CONNECT', headers: [['accept-version', '1.2'], ['host', 'stomp.github.org']], body: '' });
  });

  it('reads a SEND whose content-length body holds a NUL', () => {
    const frame = onlyFrame('SEND\ndestination:/queue/a\ncontent-type:text/plain\ncontent-length:13\n\nhello\0queue a\0');
    assert.equal(frame.command, 'SEND');
    assert.equal(frame.body, 'hello\0queue a');
    assert.equal(headerOf(frame, 'destination'), '/queue/a');
  });

  it('counts content-length in bytes, not characters', () => {
    assert.equal(onlyFrame('SEND\ncontent-length:8\n\n€\0😀\0').body, '€\0😀');
  });

  it('reads a body without content-length up to the first NUL', () => {
    const events = parseAll('SEND\ndestination:/a\n\nhello\0\n');
    assert.deepEqual(events, [{ kind: 'frame', frame: { command: 'SEND', headers: [['destination', '/a']], body: 'hello' } }, { kind: 'heartbeat' }]);
  });

  it('unescapes header names and values', () => {
    const frame = onlyFrame('MESSAGE\na\\cb:c\\\\d\nm:x\\ny\\rz\n\n\0');
    assert.deepEqual(frame.headers, [['a:b', 'c\\d'], ['m', 'x\ny\rz']]);
  });

  it('does not unescape CONNECT and CONNECTED headers, and splits at the first colon', () => {
    assert.deepEqual(onlyFrame('CONNECT\nlogin:a\\cb\npasscode:x:y\\t\n\n\0').headers, [['login', 'a\\cb'], ['passcode', 'x:y\\t']]);
    assert.deepEqual(onlyFrame('CONNECTED\nserver:a\\b\n\n\0').headers, [['server', 'a\\b']]);
  });

  it('still unescapes the STOMP command (only CONNECT and CONNECTED are exempt)', () => {
    assert.deepEqual(onlyFrame('STOMP\nhost:a\\cb\n\n\0').headers, [['host', 'a:b']]);
  });

  it('accepts CRLF line ends and strips only the CR of each EOL', () => {
    const frame = onlyFrame('SEND\r\ndestination:/a\r\nx:\rb\r\n\r\nbody\r\n\0');
    assert.deepEqual(frame, { command: 'SEND', headers: [['destination', '/a'], ['x', '\rb']], body: 'body\r\n' });
  });

  it('keeps whitespace in headers (the spec calls it significant)', () => {
    assert.deepEqual(onlyFrame('SEND\n destination : /a \n\n\0').headers, [[' destination ', ' /a ']]);
  });

  it('keeps repeated headers in order, and headerOf takes the first', () => {
    const frame = onlyFrame('MESSAGE\nfoo:World\nfoo:Hello\n\n\0');
    assert.deepEqual(frame.headers, [['foo', 'World'], ['foo', 'Hello']]);
    assert.equal(headerOf(frame, 'foo'), 'World');
    assert.equal(headerOf(frame, 'bar'), undefined);
  });

  it('uses the first content-length when it repeats', () => {
    assert.equal(onlyFrame('SEND\ncontent-length:2\ncontent-length:9\n\nab\0').body, 'ab');
  });

  it('reports each EOL between frames as a heart-beat', () => {
    const events = parseAll('\n\r\nSEND\n\n\0\n\nRECEIPT\nreceipt-id:1\n\n\0\r\n');
    assert.deepEqual(events.map((e) => (e.kind === 'frame' ? e.frame.command : e.kind)), ['heartbeat', 'heartbeat', 'SEND', 'heartbeat', 'heartbeat', 'RECEIPT', 'heartbeat']);
  });

  it('reads a frame pushed one byte at a time, through multi-byte characters and a CRLF split in two', () => {
    const wire = Buffer.from('\r\nSEND\r\nd€st:😀\\c\r\n\r\nκόσμε\0\r\n', 'utf8');
    const parser = new StompParser(LIMITS);
    const events = [...wire].flatMap((byte) => parser.push(Buffer.from([byte])));
    assert.deepEqual(events, [
      { kind: 'heartbeat' },
      { kind: 'frame', frame: { command: 'SEND', headers: [['d€st', '😀:']], body: 'κόσμε' } },
      { kind: 'heartbeat' },
    ]);
  });

  it('reads string chunks that split a surrogate pair', () => {
    const text = 'SEND\nemoji:😀\n\n😀😀\0';
    const parser = new StompParser(LIMITS);
    const events = [...Array(text.length).keys()].flatMap((i) => parser.push(text[i] ?? ''));
    assert.deepEqual(events, [{ kind: 'frame', frame: { command: 'SEND', headers: [['emoji', '😀']], body: '😀😀' } }]);
  });

  it('accepts a frame of exactly maxFrameBytes and exactly maxHeaders', () => {
    const limits = { maxFrameBytes: 40, maxHeaders: 2 };
    const wire = 'SEND\na:1\nb:2\n\n' + 'x'.repeat(40 - 'SEND\na:1\nb:2\n\n'.length) + '\0';
    const events = new StompParser(limits).push(wire);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.kind, 'frame');
  });
});

describe('STOMP frame parser: malformed frames', () => {
  it('refuses an undefined escape, naming it', () => {
    assert.match(onlyError(parseAll('SEND\ndestination:/a\\tb\n\n\0')).message, /undefined escape '\\t'/);
    assert.match(onlyError(parseAll('SEND\nfoo:bar\\\n\n\0')).message, /undefined escape '\\'/);
    assert.match(onlyError(parseAll('MESSAGE\na\\x:b\n\n\0')).message, /undefined escape '\\x'/);
  });

  it('refuses a header line without a colon', () => {
    assert.match(onlyError(parseAll('SEND\ndestination:/a\nno-colon\n\n\0')).message, /Header line 2 has no ':'/);
  });

  it('refuses a content-length that is not a non-negative decimal integer', () => {
    for (const bad of ['abc', '-1', '1.5', ' 5', '5 ', '', '0x10', '1e3']) {
      assert.match(onlyError(parseAll(`SEND\ncontent-length:${bad}\n\n\0`)).message, /content-length/, bad);
    }
  });

  it('refuses a content-length body not followed by NUL', () => {
    assert.match(onlyError(parseAll('SEND\ncontent-length:2\n\nabc\0')).message, /not followed by NUL/);
  });

  it('refuses more than maxHeaders header lines', () => {
    const events = parseAll('SEND\na:1\nb:2\nc:3\nd:4\n\n\0', { maxFrameBytes: 1024, maxHeaders: 3 });
    assert.match(onlyError(events).message, /more than 3 headers/);
  });

  it('refuses an oversize body as soon as it passes maxFrameBytes, before the frame ends', () => {
    const limits = { maxFrameBytes: 1024, maxHeaders: 8 };
    const parser = new StompParser(limits);
    let pushed = 0;
    let events = parser.push('SEND\ndestination:/a\n\n');
    pushed += 'SEND\ndestination:/a\n\n'.length;
    const piece = Buffer.alloc(100, 'x');
    while (events.length === 0 && pushed < 1_000_000) {
      events = parser.push(piece);
      pushed += piece.length;
    }
    assert.match(onlyError(events).message, /larger than 1024 bytes/);
    assert.ok(pushed > 1024 && pushed <= 1024 + piece.length, `error after ${pushed} bytes`);
  });

  it('refuses an endless header line by maxFrameBytes too', () => {
    const parser = new StompParser({ maxFrameBytes: 1024, maxHeaders: 8 });
    let events = parser.push('SEND\nx:');
    let pushed = 7;
    while (events.length === 0 && pushed < 1_000_000) {
      events = parser.push('y'.repeat(64));
      pushed += 64;
    }
    assert.ok(pushed <= 1024 + 64, `error after ${pushed} bytes`);
    onlyError(events);
  });

  it('refuses a content-length over the limit before reading the body', () => {
    const events = parseAll('SEND\ncontent-length:99999999999999999999\n\n', { maxFrameBytes: 1024, maxHeaders: 8 });
    assert.match(onlyError(events).message, /larger than 1024 bytes/);
  });

  it('refuses a CR between frames that no LF follows', () => {
    onlyError(parseAll('\rSEND\n\n\0'));
  });

  it('carries the receipt header when it was read before the error', () => {
    const withReceipt = onlyError(parseAll('SEND\nreceipt:r-7\ncontent-length:x\n\n'));
    assert.equal(withReceipt.receipt, 'r-7');
    const escaped = onlyError(parseAll('SUBSCRIBE\nreceipt:a\\cb\nbad\n\n\0'));
    assert.equal(escaped.receipt, 'a:b');
    const before = onlyError(parseAll('SEND\nbad\nreceipt:r-8\n\n\0'));
    assert.equal('receipt' in before, false);
  });

  it('forgets the previous frame’s receipt', () => {
    const events = parseAll('SEND\nreceipt:r-1\n\n\0SEND\nbad\n\n\0');
    assert.equal(events[0]?.kind, 'frame');
    assert.equal('receipt' in onlyError(events), false);
  });

  it('keeps the frames before an error and is dead after it', () => {
    const parser = new StompParser(LIMITS);
    const events = parser.push('SEND\n\n\0\nSEND\nx\n\n\0SEND\n\n\0');
    assert.deepEqual(events.map((e) => e.kind), ['frame', 'heartbeat', 'error']);
    assert.deepEqual(parser.push('SEND\n\n\0'), []);
    assert.deepEqual(parser.push('\n'), []);
  });
});
