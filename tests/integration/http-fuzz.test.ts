// Fuzzes every HTTP route of the app as `npm start` runs it: about 1,500 seeded random requests (any
// method, hostile query strings, random bodies and content types, with and without a valid session) to
// every route handler under app/api and every page. No answer may be a 5xx (each one is printed with the
// request that got it), and afterwards the process is alive and serves a normal request.
// FUZZ_SEED=<n> replays a run.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Prng } from '../../workers/feed/sources/prng.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { openSession, type TestSession } from '../helpers/trading-client.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const REQUESTS = 1500;
const TIME_LIMIT_MS = 150_000;
const CONCURRENCY = 8;
// A held long poll or a live stream answers its status at once or not before its timeout: either is fine.
const REQUEST_TIMEOUT_MS = 2500;

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'PATCH', 'OPTIONS', 'HEAD'];
const ROUTES = [
  '/api/account', '/api/account/reset', '/api/candles', '/api/fills', '/api/instruments', '/api/lab/drop', '/api/lab/longpoll', '/api/lab/stream',
  '/api/longpoll/index', '/api/orders', '/api/poll/index', '/api/positions', '/api/session', '/api/stream/index', '/api/system', '/api/tickers', '/api/trades',
  '/', '/trade/BTC-USD', '/trade/AAPL', '/lab', '/embed', '/embed/ticker',
];
const ODD_PATHS = [
  '/trade/NOPE', '/trade/%E2%80%AE', '/trade/%ZZ', '/trade/' + 'A'.repeat(300), '/api/nope', '/api/candles/', '/api//candles', '/api/%63andles',
  '/embed/ticker/', '/api/lab', '/api/stream', '/_next/static/nope.js', '/_next/data/x.json', '/%00', '/..%2f..%2fetc/passwd', '/trade/BTC-USD?__proto__=1',
];
const KEYS = ['symbol', 'tf', 'from', 'to', 'limit', 'before', 'since', 'timeout', 'lab', 'epoch', 'symbols', 'lastEventId', 'theme', 'speed', 'layout', 'displayName', '__proto__', 'constructor', ''];
const VALUES = [
  '0', '1', '-1', '1.5', 'NaN', 'Infinity', '-Infinity', '1e308', '1e400', '8640000000000001', '9007199254740993', '99999999999999999999999999', '-0', '0x10', ' 7 ',
  '1700000000000-0', '999999999999999-999999999999999', '1-1-1', '-', 'BTC-USD', 'BTC-USD,ETH-USD', ',,,', 'btc-usd', 'AAPL', '1m', '1s', '1h', '1d', 'dark', 'light',
  'grid', 'scroll', 'lab-fuzz-page-0001', '\u202e\u200b', '💥', '%', '%00', '%E0%A4%A', "'; DROP TABLE users; --", '<script>alert(1)</script>', '../../etc/passwd', '',
];
// What an HTTP header can carry (printable ASCII).
const HEADER_VALUES = VALUES.filter((value) => /^[\x20-\x7e]*$/.test(value));
const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/xml',
  'application/octet-stream', 'APPLICATION/JSON', 'application/json;', 'nonsense', '',
];

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

interface Answer {
  status: number | 'timeout' | 'reset';
}

class RequestMaker {
  private readonly rng: Prng;

  constructor(seed: number, private readonly ownOrigin: string, private readonly session: () => TestSession) {
    this.rng = new Prng(seed);
  }

  next(): FuzzRequest {
    const method = this.pick(METHODS);
    const path = `${this.rng.chance(0.9) ? this.pick(ROUTES) : this.pick(ODD_PATHS)}${this.rng.chance(0.8) ? this.query() : ''}`;
    const headers: Record<string, string> = {};
    if (this.rng.chance(0.6)) headers.Origin = this.rng.chance(0.8) ? this.ownOrigin : this.pick(['http://evil.test', 'null', 'not a url']);
    if (this.rng.chance(0.5)) {
      const { token } = this.session();
      if (this.rng.chance(0.5)) headers.Cookie = `tw_session=${token}`;
      else headers.Authorization = `Bearer ${token}`;
    } else if (this.rng.chance(0.2)) {
      headers.Authorization = this.pick(['Bearer ', 'Bearer x', `Bearer ${'A'.repeat(43)}`, 'Basic abc', `Bearer ${'A'.repeat(5000)}`]);
    }
    if (this.rng.chance(0.1)) headers['Last-Event-ID'] = this.pick(HEADER_VALUES);
    if (this.rng.chance(0.1)) headers['X-Forwarded-Proto'] = this.pick(['https', 'http', 'gopher', '']);
    if (this.rng.chance(0.05)) headers['Sec-Fetch-Site'] = this.pick(['same-origin', 'same-site', 'cross-site']);
    const body = method === 'GET' || method === 'HEAD' ? undefined : this.body();
    if (body !== undefined) {
      const type = this.pick(CONTENT_TYPES);
      if (type !== '') headers['Content-Type'] = type;
    }
    return { method, path, headers, body };
  }

  private query(): string {
    const pairs: string[] = [];
    const count = 1 + this.rng.int(5);
    for (let i = 0; i < count; i++) {
      const key = this.pick(KEYS);
      // Repeated keys now and then; very long values; raw (unencoded) values that may not decode.
      const value = this.rng.chance(0.05) ? this.pick(VALUES).repeat(1 + this.rng.int(2000)) : this.pick(VALUES);
      const encoded = this.rng.chance(0.2) ? value.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c)).replace(/[#&?]/g, '') : encodeURIComponent(value);
      pairs.push(`${key}=${encoded}`);
      if (this.rng.chance(0.1)) pairs.push(`${key}=${encodeURIComponent(this.pick(VALUES))}`);
    }
    return `?${pairs.join('&')}`;
  }

  private body(): Buffer | undefined {
    const roll = this.rng.int(10);
    if (roll === 0) return undefined;
    if (roll === 1) return Buffer.from(Array.from({ length: this.rng.int(200) }, () => this.rng.int(256)));
    if (roll === 2) return Buffer.from('{"displayName":');
    if (roll === 3) return Buffer.alloc(1 + this.rng.int(300_000), 0x20);
    if (roll === 4) return Buffer.from(JSON.stringify(this.value(3)));
    return Buffer.from(JSON.stringify(this.object()));
  }

  private object(): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    for (const key of ['displayName', 'bearer', 'lab', 'epoch', 'admin', '__proto__']) if (this.rng.chance(0.4)) fields[key] = this.value(2);
    if (this.rng.chance(0.3)) fields.displayName = this.pick(['Ada', '\u202eevil', 'a\u200bb', 'x'.repeat(41), 'a\ud800b', '\u0000', ' ', '💥'.repeat(20)]);
    if (this.rng.chance(0.3)) Object.assign(fields, { lab: 'lab-fuzz-page-0001', epoch: this.pick([1, 2, 0, -1, 1e6, 1e7, 1.5, '1']) });
    return fields;
  }

  private value(depth: number): unknown {
    const roll = this.rng.int(depth > 0 ? 10 : 7);
    if (roll === 0) return null;
    if (roll === 1) return this.rng.chance(0.5);
    if (roll === 2) return this.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 63, Number.MAX_SAFE_INTEGER + 2]);
    if (roll === 3 || roll === 4) return this.pick(VALUES);
    if (roll === 5) return 'x'.repeat(this.rng.int(5000));
    if (roll === 6) return '';
    if (roll < 9) return Array.from({ length: this.rng.int(4) }, () => this.value(depth - 1));
    return Object.fromEntries(Array.from({ length: this.rng.int(4) }, () => [this.pick(KEYS), this.value(depth - 1)]));
  }

  private pick<T>(list: readonly T[]): T {
    const item = list[this.rng.int(list.length)];
    if (item === undefined) throw new Error('empty list');
    return item;
  }
}

/** Sends one request and resolves with its status as soon as the head arrives (streams are then cut). */
function send(port: number, request: FuzzRequest): Promise<Answer> {
  return new Promise((resolve) => {
    const headers = { ...request.headers, ...(request.body === undefined ? {} : { 'Content-Length': String(request.body.length) }) };
    const req = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.path, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.destroy();
    });
    req.on('timeout', () => {
      resolve({ status: 'timeout' });
      req.destroy();
    });
    // The server may close the socket before reading a body it refused (413): not an answer to judge.
    req.on('error', () => resolve({ status: 'reset' }));
    req.end(request.body);
  });
}

function describeRequest(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : ` body(${request.body.length} B)=${JSON.stringify(request.body.subarray(0, 200).toString('latin1'))}`;
  return `${request.method} ${request.path.slice(0, 300)} headers=${JSON.stringify(request.headers).slice(0, 400)}${body}`;
}

describe(`HTTP fuzz of every route (embedded mode, seed ${SEED})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-http-fuzz-'));
  let app: TickwireProcess;
  let session: TestSession;

  before(async () => {
    app = await startTickwire('all', { DATA_DIR: dataDir, FEED_RATE: '20' });
    session = await openSession(app.baseUrl);
  });
  after(async () => {
    await app?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers no request with a 5xx, and stays up', async () => {
    const maker = new RequestMaker(SEED, app.baseUrl, () => session);
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    const deadline = Date.now() + TIME_LIMIT_MS;
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < REQUESTS && Date.now() < deadline) {
        sent += 1;
        const request = maker.next();
        const { status } = await send(app.port, request);
        statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
        if (typeof status === 'number' && status >= 500) failures.push(`${status} ← ${describeRequest(request)}`);
      }
    };
    // A fuzzed DELETE /api/session may sign the session out: later requests get a fresh one.
    const refresher = setInterval(() => {
      void openSession(app.baseUrl).then((fresh) => {
        session = fresh;
      }, () => undefined);
    }, 10_000);
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      clearInterval(refresher);
    }
    console.log(`seed ${SEED}: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    assert.ok(sent >= Math.min(REQUESTS, 500), `only ${sent} requests within the time limit`);
    assert.deepEqual(failures, [], `answers >= 500 (replay with FUZZ_SEED=${SEED})`);

    assert.equal(app.child.exitCode, null, 'the process is alive');
    const health = await fetch(`${app.baseUrl}/healthz`);
    assert.equal(health.status, 200);
    const instruments = await fetch(`${app.baseUrl}/api/instruments`);
    assert.equal(instruments.status, 200);
    assert.ok(((await instruments.json()) as { instruments: unknown[] }).instruments.length > 0);
    const fresh = await openSession(app.baseUrl);
    const account = await fetch(`${app.baseUrl}/api/account`, { headers: { Authorization: `Bearer ${fresh.token}` } });
    assert.equal(account.status, 200);
    const page = await fetch(`${app.baseUrl}/trade/BTC-USD`);
    assert.equal(page.status, 200);
  });
});
