// Every query parameter of the GET routes, and the display name, are bounded at the boundary: a value
// out of range is a 400 naming the field, never a failing database query (a 500).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { displayNameSchema } from '../../../lib/accounts/display-name.ts';
import { labQuerySchema } from '../../../lib/protocol/lab-query.ts';
import { indexStreamQuerySchema } from '../../../lib/protocol/index-query.ts';
import { candleQuerySchema, MAX_TIME_MS } from '../../../server/web/api/candle-history.ts';
import { fillQuerySchema } from '../../../server/web/api/fill-history.ts';
import { orderQuerySchema } from '../../../server/web/api/order-history.ts';
import { longPollQuerySchema, pollQuerySchema } from '../../../server/web/sse/index-poll.ts';

/** The field and message of the first problem, as the 400 names them. */
function problem(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? ''}`;
}

describe('query bounds', () => {
  const candles = { symbol: 'BTC-USD', tf: '1m' };
  const TIME = `must be a time in ms since the epoch, 0 to ${MAX_TIME_MS}`;

  it('bounds the candle range to real times, and from to at most to', () => {
    assert.equal(MAX_TIME_MS, Date.parse('9999-12-31T23:59:59.999Z'));
    assert.deepEqual(candleQuerySchema.parse({ ...candles, from: '1700000000000', to: String(MAX_TIME_MS) }), { ...candles, from: 1_700_000_000_000, to: MAX_TIME_MS, limit: 500 });
    for (const from of ['8640000000000001', String(MAX_TIME_MS + 1), '-1', 'NaN', 'Infinity', '1e400', '1.5', 'abc', '0x1p3']) {
      assert.equal(problem(candleQuerySchema, { ...candles, from }), `from: ${TIME}`, from);
      assert.equal(problem(candleQuerySchema, { ...candles, to: from }), `to: ${TIME}`, from);
    }
    assert.equal(problem(candleQuerySchema, { ...candles, from: '2000', to: '1000' }), 'from: must not be after to');
    for (const limit of ['0', '2001', '-5', 'x', '1e9']) assert.equal(problem(candleQuerySchema, { ...candles, limit }), 'limit: must be 1 to 2000', limit);
  });

  it('bounds the order, fill, poll, long-poll, stream and lab parameters', () => {
    for (const limit of ['0', '201', '99999999999999999999', 'NaN']) assert.match(problem(orderQuerySchema, { limit }) ?? '', /^limit: /, limit);
    for (const limit of ['0', '501', '-1']) assert.match(problem(fillQuerySchema, { limit }) ?? '', /^limit: /, limit);
    assert.equal(problem(fillQuerySchema, { before: '9'.repeat(30) }), 'before: must be a fill id');
    for (const limit of ['0', '1001', 'x']) assert.match(problem(pollQuerySchema, { limit }) ?? '', /^limit: /, limit);
    for (const since of ['9'.repeat(16) + '-0', '1-' + '9'.repeat(16), '-1-0', 'abc', '1700000000000']) {
      assert.equal(problem(pollQuerySchema, { since }), 'since: must be a stream id like 1700000000000-0', since);
    }
    for (const timeout of ['0', '61', '1e9', '-1', '2.5']) assert.match(problem(longPollQuerySchema, { timeout }) ?? '', /^timeout: must be/, timeout);
    assert.equal(problem(indexStreamQuerySchema, { lastEventId: '1'.repeat(40) }), 'lastEventId: must be a stream id like 1700000000000-0');
    assert.match(problem(indexStreamQuerySchema, { symbols: Array.from({ length: 21 }, () => 'BTC-USD').join(',') }) ?? '', /^symbols: at most 20 symbols/);
    for (const epoch of ['-1', '1000001', 'NaN', '1e300']) assert.match(problem(labQuerySchema, { lab: 'lab-page-0001', epoch }) ?? '', /^epoch: /, epoch);
  });
});

describe('display names', () => {
  const BIDI = 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)';
  const INVISIBLE = 'must not contain invisible characters (zero-width, format or separator characters)';

  it('keeps ordinary names, in any script, trimmed', () => {
    for (const name of ['Ada', 'Zoë 🚀', 'Łukasz Ø', 'محمد', 'שלום', '李小龍', 'Ａｄａ']) assert.equal(displayNameSchema.parse(` ${name} `), name);
  });

  it('refuses bidirectional controls', () => {
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c]) {
      assert.equal(problem(displayNameSchema, `admin${String.fromCodePoint(code)}txt.exe`), `: ${BIDI}`, code.toString(16));
    }
  });

  it('refuses zero-width and other invisible format characters, even at either end', () => {
    for (const code of [0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x180e, 0x2061, 0xfff9, 0x1d173, 0xe0001, 0x2028, 0x2029]) {
      const char = String.fromCodePoint(code);
      assert.equal(problem(displayNameSchema, `Ad${char}a`), `: ${INVISIBLE}`, code.toString(16));
      assert.equal(problem(displayNameSchema, `${char}Ada`), `: ${INVISIBLE}`, `leading ${code.toString(16)}`);
      assert.equal(problem(displayNameSchema, `Ada${char}`), `: ${INVISIBLE}`, `trailing ${code.toString(16)}`);
    }
  });

  it('refuses control characters and unpaired surrogates, and keeps the length bound', () => {
    assert.equal(problem(displayNameSchema, 'a\u0007b'), ': must not contain control characters');
    assert.equal(problem(displayNameSchema, 'a\ud800b'), ': must be valid Unicode text (it holds an unpaired surrogate)');
    assert.equal(problem(displayNameSchema, '\u200b'), `: ${INVISIBLE}`);
    assert.equal(problem(displayNameSchema, '   '), ': must not be empty');
    assert.equal(problem(displayNameSchema, 'x'.repeat(41)), ': must be at most 40 characters');
  });
});
