import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { INSTRUMENTS } from '../../../lib/market/instruments.ts';
import { SequencedBook } from '../../../lib/market/sequenced-book.ts';
import { Recorder, encodeRecordingLine } from '../../../workers/feed/sources/recorder.ts';
import { ReplaySource, type ReplayBadInput, type ReplayOptions } from '../../../workers/feed/sources/replay-source.ts';
import { MarketSimulator } from '../../../workers/feed/sources/simulator.ts';
import type { SourceEvent } from '../../../workers/feed/sources/source.ts';
import { sleep, waitFor } from '../../helpers/wait-for.ts';

const FIXTURE = 'tests/fixtures/feed-recording.ndjson';

interface Played {
  events: SourceEvent[];
  /** performance.now() of each event, relative to the first. */
  offsetsMs: number[];
  bad: { reason: ReplayBadInput; line: string }[];
}

// Plays a file to its end (bounded by a timeout) and collects everything the source reported.
function playToEnd(options: Omit<ReplayOptions, 'onEnd' | 'onBadInput' | 'onError'>, timeoutMs = 5000): Promise<Played> {
  const played: Played = { events: [], offsetsMs: [], bad: [] };
  let firstAt: number | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      source.stop();
      reject(new Error(`replay of ${options.file} did not end within ${timeoutMs} ms`));
    }, timeoutMs);
    const source = new ReplaySource({
      ...options,
      onBadInput: (reason, line) => played.bad.push({ reason, line }),
      onError: (error) => {
        clearTimeout(timer);
        reject(error);
      },
      onEnd: () => {
        clearTimeout(timer);
        resolve(played);
      },
    });
    source.start((event) => {
      const at = performance.now();
      firstAt ??= at;
      played.events.push(event);
      played.offsetsMs.push(at - firstAt);
    });
  });
}

const snapshot = (symbol: string, ts: number): SourceEvent => ({ type: 'snapshot', symbol, ts, bids: [['99.00', '1']], asks: [['101.00', '2']] });
const trade = (id: string, ts: number): SourceEvent => ({ type: 'trade', symbol: 'AAPL', ts, id, price: '100.00', size: '3', side: 'buy' });
const levels = (symbol: string, ts: number): SourceEvent => ({ type: 'levels', symbol, ts, bids: [['99.00', '0']], asks: [] });

describe('ReplaySource', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tickwire-replay-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeLines(name: string, lines: string[]): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, lines.map((line) => `${line}\n`).join(''));
    return file;
  }

  it('replays a recording as the same events in the same order', async () => {
    const simulator = new MarketSimulator({ seed: 9, ratePerSec: 400 });
    const recorded: SourceEvent[] = [];
    const file = join(dir, 'simulated.ndjson');
    const recorder = new Recorder(file);
    for (let i = 0; i < 200; i++) {
      for (const event of simulator.next()) {
        recorder.record(event);
        recorded.push(event);
      }
    }
    await recorder.close();
    assert.equal(recorder.count, recorded.length);

    const played = await playToEnd({ file, speed: 1000 });
    assert.deepEqual(played.bad, []);
    assert.deepEqual(played.events, recorded);
  });

  it('paces events by their recorded ts deltas divided by the speed', async () => {
    const events = [snapshot('AAPL', 10_000), ...[1, 2, 3, 4, 5, 6].map((i) => trade(String(i), 10_000 + i * 100))];
    const file = await writeLines('paced.ndjson', events.map(encodeRecordingLine));

    const realTime = await playToEnd({ file, speed: 1 });
    const last = realTime.offsetsMs.at(-1) ?? 0;
    assert.ok(last >= 590 && last < 900, `speed 1 took ${last} ms for 600 recorded ms`);
    // Each event is due at its own offset: no drift accumulates from one wait to the next.
    realTime.offsetsMs.forEach((offset, i) => assert.ok(offset >= i * 100 - 10, `event ${i} came at ${offset} ms`));

    const fourTimes = await playToEnd({ file, speed: 4 });
    const fastLast = fourTimes.offsetsMs.at(-1) ?? 0;
    assert.ok(fastLast >= 140 && fastLast < 400, `speed 4 took ${fastLast} ms for 600 recorded ms`);
    assert.deepEqual(fourTimes.events, events);
  });

  it('skips and reports every bad line, and plays the good ones', async () => {
    const lines = [
      encodeRecordingLine(snapshot('AAPL', 1)),
      '{"type":"snapshot",',
      JSON.stringify({ type: 'trade', symbol: 'AAPL', ts: 2, id: '1', price: '-5', size: '1', side: 'buy' }),
      JSON.stringify({ type: 'bogus', symbol: 'AAPL', ts: 3 }),
      encodeRecordingLine(levels('MSFT', 4)),
      '',
      encodeRecordingLine(trade('7', 5)),
      'x'.repeat(300),
    ];
    const file = await writeLines('bad.ndjson', lines);

    const played = await playToEnd({ file, speed: 1000, maxLineChars: 200 });
    assert.deepEqual(
      played.bad.map((bad) => bad.reason),
      ['MALFORMED_JSON', 'INVALID_EVENT', 'INVALID_EVENT', 'NO_SNAPSHOT', 'LINE_TOO_LONG'],
    );
    assert.deepEqual(
      played.bad.map((bad) => bad.line),
      [lines[1], lines[2], lines[3], lines[4], lines[7]],
    );
    assert.deepEqual(played.events, [snapshot('AAPL', 1), trade('7', 5)]);
  });

  it('loops from the snapshots again, keeping trade ids unique, until stopped', async () => {
    const file = await writeLines('loop.ndjson', [snapshot('AAPL', 0), trade('1', 10)].map(encodeRecordingLine));
    const events: SourceEvent[] = [];
    const source = new ReplaySource({ file, speed: 100, shouldLoop: true, loopGapMs: 100, onEnd: () => assert.fail('a looping replay ended') });
    source.start((event) => events.push(event));
    try {
      await waitFor('three passes', () => events.length >= 6);
    } finally {
      source.stop();
    }
    assert.deepEqual(
      events.slice(0, 6).map((event) => (event.type === 'trade' ? event.id : event.type)),
      ['snapshot', '1', 'snapshot', '1~1', 'snapshot', '1~2'],
    );
    const countAtStop = events.length;
    await sleep(50);
    assert.equal(events.length, countAtStop, 'an event was emitted after stop()');
  });

  it('stamps events with the wall clock when asked to', async () => {
    const file = await writeLines('stamped.ndjson', [snapshot('AAPL', 5), trade('1', 6)].map(encodeRecordingLine));
    let clock = 1_700_000_000_000;
    const played = await playToEnd({ file, speed: 1000, timestamps: 'replayed', wallClock: () => clock++ });
    assert.deepEqual(
      played.events.map((event) => event.ts),
      [1_700_000_000_000, 1_700_000_000_001],
    );
  });

  it('reports a missing file through onError instead of throwing', async () => {
    await assert.rejects(playToEnd({ file: join(dir, 'missing.ndjson') }), { code: 'ENOENT' });
  });

  it('ships a small fixture that starts with a snapshot per instrument and that the feed accepts in full', async () => {
    const { size } = await stat(FIXTURE);
    assert.ok(size < 300_000, `fixture is ${size} bytes`);
    const played = await playToEnd({ file: FIXTURE, speed: 1000 });
    assert.deepEqual(played.bad, []);
    const first = played.events.slice(0, INSTRUMENTS.length);
    assert.deepEqual(
      first.map((event) => [event.type, event.symbol]),
      INSTRUMENTS.map((inst) => ['snapshot', inst.symbol]),
    );
    const books = new Map(INSTRUMENTS.map((inst) => [inst.symbol, new SequencedBook(inst)]));
    for (const event of played.events) {
      if (event.type === 'trade') continue;
      const result = books.get(event.symbol)?.apply(event);
      assert.equal(result?.ok, true, `refused ${JSON.stringify(event)}`);
    }
    const spanMs = (played.events.at(-1)?.ts ?? 0) - (played.events[0]?.ts ?? 0);
    assert.ok(spanMs >= 19_000 && spanMs <= 21_000, `fixture spans ${spanMs} ms`);
  });
});
