// Seeded generator of hostile client frames for the gateway fuzz test: garbage bytes, broken JSON,
// odd JSON values, and protocol requests with every field mutated.
import { Prng } from '../../workers/feed/sources/prng.ts';

/** One frame to send: text or binary. */
export type FuzzFrame = { kind: 'text'; data: string } | { kind: 'binary'; data: Buffer } | { kind: 'invalid-utf8'; data: Buffer };

const OPS = ['subscribe', 'unsubscribe', 'ping', 'order.place', 'SUBSCRIBE', '', 'constructor', '__proto__'];
const CHANNELS = ['book', 'trades', 'candles', 'orders', '', 'Book'];
const SYMBOLS = ['BTC-USD', 'ETH-USD', 'AAPL', 'btc-usd', 'NOPE', '', 'X'.repeat(40), '../../etc'];
const TIMEFRAMES = ['1s', '1m', '5m', '2h', ''];

/** Makes random frames; the same seed gives the same sequence. */
export class FuzzFrames {
  private readonly rng: Prng;

  constructor(seed: number) {
    this.rng = new Prng(seed);
  }

  next(): FuzzFrame {
    const roll = this.rng.int(100);
    if (roll < 8) return { kind: 'binary', data: this.bytes(this.rng.int(64)) };
    if (roll < 10) return { kind: 'invalid-utf8', data: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) };
    if (roll < 22) return { kind: 'text', data: this.bytes(this.rng.int(64)).toString('latin1') };
    if (roll < 30) return { kind: 'text', data: this.brokenJson() };
    if (roll < 38) return { kind: 'text', data: JSON.stringify(this.value(3)) };
    if (roll < 40) return { kind: 'text', data: '['.repeat(4000) + ']'.repeat(4000) };
    return { kind: 'text', data: JSON.stringify(this.request()) };
  }

  private request(): Record<string, unknown> {
    const request: Record<string, unknown> = {
      op: this.pick(OPS),
      channel: this.pick(CHANNELS),
      symbol: this.pick(SYMBOLS),
    };
    if (this.rng.chance(0.6)) request.id = this.rng.chance(0.5) ? this.rng.int(1e6) : this.value(1);
    if (this.rng.chance(0.5)) request.depth = this.pick([0, 1, 10, 25, 199, 200, 201, -5, 2.5, 1e12, '50', null]);
    if (this.rng.chance(0.3)) request.resumeSeq = this.pick([0, 1, 5, -1, 1e15, 'x', 3.5]);
    if (this.rng.chance(0.3)) request.timeframe = this.pick(TIMEFRAMES);
    if (this.rng.chance(0.2)) request.ts = this.value(1);
    if (this.rng.chance(0.1)) request[this.pick(['extra', '__proto__', 'prototype'])] = this.value(2);
    if (this.rng.chance(0.15)) delete request[this.pick(['op', 'channel', 'symbol'])];
    return request;
  }

  private value(depth: number): unknown {
    const roll = this.rng.int(depth > 0 ? 8 : 6);
    switch (roll) {
      case 0:
        return null;
      case 1:
        return this.rng.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2]);
      case 3:
        return this.bytes(this.rng.int(20)).toString('latin1');
      case 4:
        return '';
      case 5:
        return 'subscribe';
      case 6:
        return Array.from({ length: this.rng.int(4) }, () => this.value(depth - 1));
      default:
        return Object.fromEntries(Array.from({ length: this.rng.int(4) }, (_, i) => [`k${i}`, this.value(depth - 1)]));
    }
  }

  private brokenJson(): string {
    const text = JSON.stringify(this.request());
    const cut = this.rng.int(text.length);
    return this.rng.chance(0.5) ? text.slice(0, cut) : `${text.slice(0, cut)}\u0000${text.slice(cut)}`;
  }

  private bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.rng.int(256)));
  }

  private pick<T>(values: readonly T[]): T {
    const value = values[this.rng.int(values.length)];
    if (value === undefined) throw new Error('pick from an empty list');
    return value;
  }
}
