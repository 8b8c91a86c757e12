// deploy/nginx.conf through the real nginx: in front of the real app (one embedded process serving as
// both the web and the gateway upstream) over http and https, in front of a header-echoing upstream to
// see what each location sends on, and failing to start the way scripts/cluster/nginx.ts promises.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect as connectHttp2 } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { startNginx, type Nginx } from '../../scripts/cluster/nginx.ts';
import { createSelfSignedCertificate, type SelfSignedCertificate } from '../helpers/self-signed-cert.ts';
import { freePort, freePorts } from '../helpers/services.ts';
import { openSse } from '../helpers/sse-client.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { waitFor } from '../helpers/wait-for.ts';

const REQUEST_TIMEOUT_MS = 5000;

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One https request trusting only the test certificate; the body is returned as sent (not decompressed). */
function requestHttps(port: number, ca: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`https ${path}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** One plain http GET from a chosen local address (loopback has all of 127.0.0.0/8): the status it got. */
function getFrom(localAddress: string, url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { localAddress, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`GET ${url}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket and resolves with its first message; rejects if it does not come. */
async function firstMessage(url: string, options: { origin: string; ca?: string }): Promise<Record<string, unknown>> {
  const socket = new WebSocket(url, { origin: options.origin, ca: options.ca });
  try {
    const message = new Promise<Record<string, unknown>>((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
      socket.once('error', reject);
      socket.once('close', (code) => reject(new Error(`closed (${code}) before a message`)));
    });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no message on ${url}`)), REQUEST_TIMEOUT_MS).unref());
    return await Promise.race([message, timeout]);
  } finally {
    socket.terminate();
  }
}

describe('nginx in front of the app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-nginx-app-'));
  let certificate: SelfSignedCertificate;
  let app: TickwireProcess | undefined;
  let nginx: Nginx | undefined;
  let httpUrl: string;
  let httpsPort: number;

  before(async () => {
    certificate = createSelfSignedCertificate(dir);
    app = await startTickwire('all', { DATA_DIR: join(dir, 'data'), TRUSTED_PROXIES: '127.0.0.1' });
    // Distinct: a plain and an ssl listener on one port would make nginx refuse its config.
    const [listenPort = 0, tlsPort = 0] = await freePorts(2);
    nginx = await startNginx({
      runDir: join(dir, 'nginx'),
      listenPort,
      webPorts: [app.port],
      gatewayPorts: [app.port],
      tls: { certificatePath: certificate.certificatePath, keyPath: certificate.keyPath, port: tlsPort },
    });
    httpUrl = `http://127.0.0.1:${listenPort}`;
    httpsPort = tlsPort;
  });
  after(async () => {
    await nginx?.stop();
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets a Secure __Host- session cookie over https', async () => {
    const origin = `https://127.0.0.1:${httpsPort}`;
    const res = await requestHttps(httpsPort, certificate.certificate, '/api/session', {
      method: 'POST',
      headers: { Origin: origin, 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(res.status, 201, res.body.toString());
    const cookie = String(res.headers['set-cookie']);
    // Over https the cookie takes the __Host- prefix: Secure, Path=/ and no Domain are then enforced by the browser.
    assert.match(cookie, /^__Host-tw_session=/);
    assert.match(cookie, /;\s*Secure(;|$)/i);
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
  });

  it('sets the cookie without Secure over plain http', async () => {
    const res = await fetch(`${httpUrl}/api/session`, { method: 'POST', headers: { Origin: httpUrl, 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 201);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^tw_session=/);
    assert.doesNotMatch(cookie, /Secure/i);
    assert.equal(res.headers.get('strict-transport-security'), null, 'no HSTS over plain http');
  });

  it('refuses /metrics, /readyz and /api/system from outside and answers /healthz', async () => {
    for (const path of ['/metrics', '/readyz', '/api/system']) {
      assert.equal((await fetch(`${app?.baseUrl}${path}`)).status, 200, `${path} is served by the node itself`);
    }
    for (const path of ['/metrics', '/readyz', '/api/system', '/%6Detrics', '//readyz', '/Metrics', '/readyz/', '/api//system', '/api/%73ystem', '/API/System']) {
      assert.equal((await fetch(`${httpUrl}${path}`, { redirect: 'manual' })).status, 404, `http ${path}`);
    }
    for (const path of ['/metrics', '/api/system']) assert.equal((await requestHttps(httpsPort, certificate.certificate, path)).status, 404, `https ${path}`);
    const health = await fetch(`${httpUrl}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
  });

  it("gives the node the client's address through one trusted hop, and not an X-Forwarded-For the client forged", async () => {
    assert.ok(app !== undefined);
    const seen = async (marker: string): Promise<Record<string, unknown>> => {
      const line = await waitFor(`the access log line of ${marker}`, () => app?.logs.find((l) => String((l.req as { url?: unknown } | undefined)?.url).includes(marker)), REQUEST_TIMEOUT_MS);
      return line.req as Record<string, unknown>;
    };
    // Through nginx from 127.0.0.2: nginx (127.0.0.1, trusted) appends the peer it saw after the forged entry.
    const viaNginx = `via-nginx-${Date.now()}`;
    assert.equal(await getFrom('127.0.0.2', `${httpUrl}/api/instruments?${viaNginx}`, { 'X-Forwarded-For': '203.0.113.9' }), 200);
    const proxied = await seen(viaNginx);
    assert.equal(proxied.remoteAddress, '127.0.0.2');
    assert.equal(proxied.peer, '127.0.0.1');
    // Straight to the node from 127.0.0.2, which is no proxy of the node's: the header is not believed.
    const direct = `direct-${Date.now()}`;
    assert.equal(await getFrom('127.0.0.2', `${app.baseUrl}/api/instruments?${direct}`, { 'X-Forwarded-For': '127.0.0.1' }), 200);
    assert.equal((await seen(direct)).remoteAddress, '127.0.0.2');
  });

  it('gzips a static asset and caches it for a year', async () => {
    const page = await (await fetch(`${httpUrl}/`)).text();
    const asset = /\/_next\/static\/[^"'\s]+\.js/.exec(page)?.[0];
    assert.ok(asset !== undefined, 'the page links a script under /_next/static/');
    const res = await requestHttps(httpsPort, certificate.certificate, asset, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(res.headers.vary), /Accept-Encoding/);
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
    const direct = Buffer.from(await (await fetch(`${app?.baseUrl}${asset}`)).arrayBuffer());
    assert.ok(gunzipSync(res.body).equals(direct), 'the same bytes as the node serves');
    const plain = await requestHttps(httpsPort, certificate.certificate, asset);
    assert.equal(plain.headers['content-encoding'], undefined, 'identity when gzip is not asked for');
  });

  it('delivers the first SSE event through nginx at once', async () => {
    const startedAt = Date.now();
    const sse = await openSse(`${httpUrl}/api/stream/index`);
    try {
      assert.equal(sse.response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      assert.equal(sse.response.headers.get('content-encoding'), null);
      await waitFor('the first index event through nginx', () => sse.events.some((e) => e.event === 'index'), 2000);
      assert.ok(Date.now() - startedAt < 2000);
    } finally {
      sse.close();
    }
  });

  it('upgrades /ws through nginx over ws and wss', async () => {
    const hello = await firstMessage(`${httpUrl.replace('http', 'ws')}/ws`, { origin: httpUrl });
    assert.equal(hello.type, 'hello');
    const secureHello = await firstMessage(`wss://127.0.0.1:${httpsPort}/ws`, { origin: `https://127.0.0.1:${httpsPort}`, ca: certificate.certificate });
    assert.equal(secureHello.type, 'hello');
  });

  it('serves HTTP/2 over TLS', async () => {
    const session = connectHttp2(`https://127.0.0.1:${httpsPort}`, { ca: certificate.certificate });
    try {
      session.on('error', () => undefined); // a failure surfaces through the request below
      const req = session.request({ ':path': '/healthz' });
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.close());
      const [headers] = (await once(req, 'response')) as [Record<string, string | number>];
      req.resume();
      assert.equal(session.alpnProtocol, 'h2');
      assert.equal(headers[':status'], 200);
      assert.equal(headers['strict-transport-security'], 'max-age=31536000');
    } finally {
      session.close();
    }
  });
});

describe('nginx headers to the nodes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-nginx-echo-'));
  const certificate = createSelfSignedCertificate(dir);
  let upstream: Server;
  let nginx: Nginx | undefined;

  before(async () => {
    // Answers every request with the headers it arrived with.
    upstream = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(req.headers));
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const { port } = upstream.address() as AddressInfo;
    const [listenPort = 0, tlsPort = 0] = await freePorts(2);
    nginx = await startNginx({
      runDir: join(dir, 'nginx'),
      listenPort,
      webPorts: [port],
      gatewayPorts: [port],
      tls: { certificatePath: certificate.certificatePath, keyPath: certificate.keyPath, port: tlsPort },
    });
  });
  after(async () => {
    await nginx?.stop();
    upstream?.closeAllConnections();
    upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const paths = ['/', '/api/orders', '/api/stream/index', '/api/longpoll/index', '/api/lab/stream', '/api/lab/longpoll', '/api/lab/drop', '/_next/static/chunks/app.js', '/ws'];

  it("sends the scheme, the client's address and nginx's request id from every location, over http and https", async () => {
    assert.ok(nginx !== undefined && nginx.httpsPort !== undefined);
    const ids = new Set<string>();
    for (const path of paths) {
      // What a client claims is replaced, never passed on.
      const spoofed = { 'X-Forwarded-Proto': 'https', 'X-Request-Id': 'client-chosen' };
      const overHttp = (await (await fetch(`http://127.0.0.1:${nginx.port}${path}`, { headers: spoofed })).json()) as IncomingHttpHeaders;
      const overHttps = JSON.parse((await requestHttps(nginx.httpsPort, certificate.certificate, path)).body.toString()) as IncomingHttpHeaders;
      for (const [scheme, headers] of [['http', overHttp], ['https', overHttps]] as const) {
        assert.equal(headers['x-forwarded-proto'], scheme, `${scheme} ${path}`);
        assert.match(String(headers['x-request-id']), /^[0-9a-f]{32}$/, `${scheme} ${path}`);
        assert.equal(headers['x-forwarded-for'], '127.0.0.1', `${scheme} ${path}`);
        ids.add(String(headers['x-request-id']));
      }
    }
    assert.equal(ids.size, paths.length * 2, 'a new request id for every request');
  });

  it('appends the address it saw to an X-Forwarded-For the client sent, so the node reads the last entry only', async () => {
    assert.ok(nginx !== undefined);
    const headers = (await (await fetch(`http://127.0.0.1:${nginx.port}/api/orders`, { headers: { 'X-Forwarded-For': '203.0.113.9' } })).json()) as IncomingHttpHeaders;
    assert.equal(headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
  });
});

describe('startNginx failing to start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-nginx-fail-'));
  let blocker: Server | undefined;
  const savedBin = process.env.NGINX_BIN;

  afterEach(() => {
    if (savedBin === undefined) delete process.env.NGINX_BIN;
    else process.env.NGINX_BIN = savedBin;
    blocker?.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Pids of processes whose command line names this folder. */
  function processesUsing(folder: string): number[] {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(folder);
        } catch {
          return false; // gone meanwhile
        }
      })
      .map(Number);
  }

  it("throws at once with nginx's message when its port is taken, and leaves nothing running", async () => {
    blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as AddressInfo;
    const runDir = join(dir, 'taken');
    const startedAt = Date.now();
    await assert.rejects(startNginx({ runDir, listenPort: port, webPorts: [port], gatewayPorts: [port] }), /nginx exited .*Address already in use/s);
    // nginx itself tries bind() five times, 500 ms apart; the point is not waiting out the 10 s start timeout.
    assert.ok(Date.now() - startedAt < 6000, `failed after ${Date.now() - startedAt} ms`);
    assert.deepEqual(processesUsing(runDir), []);
  });

  it('runs the binary NGINX_BIN names', async () => {
    process.env.NGINX_BIN = join(dir, 'no-such-nginx');
    const runDir = join(dir, 'missing');
    await assert.rejects(startNginx({ runDir, listenPort: await freePort(), webPorts: [1], gatewayPorts: [1] }), /no-such-nginx.*ENOENT/);
    assert.deepEqual(processesUsing(runDir), []);
  });
});
