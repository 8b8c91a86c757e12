// The STOMP 1.2 codec on random frames: what encodeStompFrame writes, StompParser reads back (however the
// bytes are chunked) and @stomp/stompjs, the client the browser uses, reads the same; random bytes never throw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameImpl, Parser, type IRawFrameType } from '@stomp/stompjs';
import fc from 'fast-check';
import { encodeStompFrame, escapesHeaders, STOMP_CLIENT_COMMANDS, STOMP_SERVER_COMMANDS, type StompFrame } from '../../../lib/protocol/stomp/stomp-frame.ts';
import { StompParser, type StompParseEvent } from '../../../lib/protocol/stomp/stomp-parser.ts';

const LIMITS = { maxFrameBytes: 1 << 20, maxHeaders: 64 };

const nonAscii = fc
  .integer({ min: 0x80, max: 0x10ffff })
  .filter((code) => code < 0xd800 || code > 0xdfff)
  .map((code) => String.fromCodePoint(code));
const special = fc.constantFrom(':', '\n', '\r', '\\', ' ', '\t', '\0', 'é', '€', '😀');
const plain = fc.constantFrom('a', 'b', 'c', 'n', 'r', 't', '-', '/', '0', '9');
const anyText = (maxLength: number) => fc.string({ unit: fc.oneof(plain, special, nonAscii), maxLength });

/** Header text that survives a frame's (lack of) escaping: CONNECT and CONNECTED cannot hold EOLs, nor `:` in names. */
function headerText(command: string, part: 'name' | 'value'): fc.Arbitrary<string> {
  if (escapesHeaders(command)) return anyText(12);
  const forbidden = part === 'name' ? /[\n\r:]/ : /[\n\r]/;
  return anyText(12).filter((text) => !forbidden.test(text));
}

type Generated = { frame: StompFrame; wire: Buffer };

/** A frame, encoded either with content-length (added or given) or, for a NUL-free body, without one. */
const frameArb: fc.Arbitrary<Generated> = fc
  .constantFrom(...STOMP_CLIENT_COMMANDS, ...STOMP_SERVER_COMMANDS)
  .chain((command) =>
    fc.record({
      command: fc.constant(command),
      headers: fc.array(fc.tuple(headerText(command, 'name'), headerText(command, 'value')), { maxLength: 6 }),
      body: anyText(40),
      framing: fc.constantFrom('added' as const, 'given' as const, 'none' as const),
    }),
  )
  .map(({ command, headers, body, framing }) => {
    const own = headers.filter(([name]) => name !== 'content-length');
    if (framing === 'none' && !body.includes('\0')) {
      const head = encodeStompFrame(command, own);
      const wire = Buffer.concat([head.subarray(0, -1), Buffer.from(body, 'utf8'), Buffer.from([0])]);
      return { frame: { command, headers: own, body }, wire };
    }
    const length: [string, string][] = [['content-length', String(Buffer.byteLength(body))]];
    if (framing === 'given') {
      const given = [...length, ...own];
      return { frame: { command, headers: given, body }, wire: encodeStompFrame(command, given, body) };
    }
    const expected = body === '' ? own : [...own, ...length];
    return { frame: { command, headers: expected, body }, wire: encodeStompFrame(command, own, body) };
  });

const heartbeatsArb = fc.array(fc.constantFrom('\n', '\r\n'), { maxLength: 3 });

/** A stream of heart-beats and frames, and the events a parser must yield for it. */
const streamArb = fc.tuple(heartbeatsArb, fc.array(fc.tuple(frameArb, heartbeatsArb), { maxLength: 5 })).map(([lead, items]) => {
  const parts: Buffer[] = [];
  const events: StompParseEvent[] = [];
  const beats = (list: string[]): void => {
    for (const eol of list) {
      parts.push(Buffer.from(eol));
      events.push({ kind: 'heartbeat' });
    }
  };
  beats(lead);
  for (const [{ frame, wire }, after] of items) {
    parts.push(wire);
    events.push({ kind: 'frame', frame });
    beats(after);
  }
  return { wire: Buffer.concat(parts), events };
});

/** Cut points as fractions of the length, so one arbitrary serves inputs of any size (fc.double would crowd them at 0 and 1). */
const cutsArb = fc.array(fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000), { maxLength: 12 });

function cut(length: number, fractions: number[]): number[] {
  const points = fractions.map((f) => Math.floor(f * length));
  return [0, ...points.sort((a, b) => a - b), length];
}

function splitBytes(bytes: Buffer, fractions: number[]): Buffer[] {
  const points = cut(bytes.length, fractions);
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

function splitText(text: string, fractions: number[]): string[] {
  const points = cut(text.length, fractions);
  return points.slice(1).map((end, i) => text.slice(points[i], end));
}

describe('STOMP codec round trip (property)', () => {
  it('parses encoded frames and heart-beats back exactly, from Buffers split at any byte', () => {
    fc.assert(
      fc.property(streamArb, cutsArb, ({ wire, events }, fractions) => {
        const parser = new StompParser(LIMITS);
        const got = splitBytes(wire, fractions).flatMap((chunk) => parser.push(chunk));
        assert.deepEqual(got, events);
        const bytewise = new StompParser(LIMITS);
        assert.deepEqual([...wire].flatMap((byte) => bytewise.push(Buffer.from([byte]))), events);
      }),
      { numRuns: 400 },
    );
  });

  it('parses them back exactly from strings split at any character, even inside a surrogate pair', () => {
    fc.assert(
      fc.property(streamArb, cutsArb, ({ wire, events }, fractions) => {
        const parser = new StompParser(LIMITS);
        const got = splitText(wire.toString('utf8'), fractions).flatMap((chunk) => parser.push(chunk));
        assert.deepEqual(got, events);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes or text, and yields nothing after an error', () => {
    const chunk = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      fc.string({ unit: fc.oneof(plain, special, nonAscii, fc.constantFrom('\\c', 'SEND\n', 'content-length:3\n', '\n\n')), maxLength: 64 }),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 10 }), fc.integer({ min: 1, max: 256 }), fc.integer({ min: 0, max: 6 }), (chunks, maxFrameBytes, maxHeaders) => {
        const parser = new StompParser({ maxFrameBytes, maxHeaders });
        let dead = false;
        for (const piece of chunks) {
          const events = parser.push(piece);
          if (dead) assert.deepEqual(events, []);
          const errorAt = events.findIndex((e) => e.kind === 'error');
          if (errorAt >= 0) {
            assert.equal(errorAt, events.length - 1, 'nothing follows an error');
            dead = true;
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

// @stomp/stompjs's FrameImpl trims header values and unescapes `\r`, `\n`, `\c` before `\\`, so it misreads a
// backslash followed by the letter n, r or c (`\\n` becomes backslash + LF), and it never unescapes names.
// The values here avoid those; what the gateway sends (ids, destinations, messages) does too.
const stompjsName = fc.string({ unit: fc.oneof(plain, nonAscii, fc.constantFrom('-', '_', '.')), minLength: 1, maxLength: 10 });
const stompjsValue = anyText(16).filter((value) => value === value.trim() && !/\\[nrc]/.test(value));

describe('STOMP encoder against @stomp/stompjs (property)', () => {
  it('writes MESSAGE, RECEIPT and ERROR frames that stompjs reads with the same command, headers and body', () => {
    const frames = fc.array(
      fc.record({
        command: fc.constantFrom('MESSAGE', 'RECEIPT', 'ERROR'),
        headers: fc.array(fc.tuple(stompjsName, stompjsValue), { maxLength: 6 }).map((list) => list.filter(([name]) => name !== 'content-length')),
        body: anyText(40),
      }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(frames, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }), cutsArb, (list, beats, fractions) => {
        const wire = Buffer.concat(list.flatMap((f, i) => [Buffer.from('\n'.repeat(beats[i] ?? 0)), encodeStompFrame(f.command, f.headers, f.body)]));
        const raw: IRawFrameType[] = [];
        let pings = 0;
        const parser = new Parser((frame) => raw.push(frame), () => (pings += 1));
        for (const chunk of splitBytes(wire, fractions)) {
          parser.parseChunk(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.length) as ArrayBuffer);
        }
        assert.equal(pings, beats.slice(0, list.length).reduce((a, b) => a + b, 0));
        assert.equal(raw.length, list.length);
        list.forEach((sent, i) => {
          const got = raw[i];
          assert.ok(got);
          assert.equal(got.command, sent.command);
          const names = sent.headers.map(([name]) => name);
          if (sent.body !== '') names.push('content-length');
          assert.deepEqual(got.headers.map(([name]) => name), names);
          const read = FrameImpl.fromRawFrame(got, true);
          for (const [name] of sent.headers) assert.equal(read.headers[name], sent.headers.find(([n]) => n === name)?.[1], name);
          assert.equal(read.body, sent.body);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('reads what stompjs itself writes for a SEND', () => {
    const sent = new FrameImpl({ command: 'SEND', headers: { destination: '/app/order.place', receipt: 'r:1\\x' }, body: '{"side":"buy"} €', escapeHeaderValues: true });
    const events = new StompParser(LIMITS).push(String(sent.serialize()));
    assert.deepEqual(events, [
      {
        kind: 'frame',
        frame: { command: 'SEND', headers: [['destination', '/app/order.place'], ['receipt', 'r:1\\x'], ['content-length', '18']], body: '{"side":"buy"} €' },
      },
    ]);
  });
});
