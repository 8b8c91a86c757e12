// Cross-site request forgery against the app as `npm start` runs it: every state-changing route
// refuses a request a foreign page could make the browser send with the user's cookie (403
// cross_site for a foreign or missing origin, 415 for a form content type), and lets the page's own
// requests and Bearer clients through. Requests go out over node:http so the test sets Host itself.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { openSession, type TestSession } from '../helpers/trading-client.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('CSRF defence of the state-changing routes (embedded mode)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-csrf-'));
  let app: TickwireProcess;
  let user: TestSession;
  let dropEpoch = 0;

  // Each route with a body it accepts and the status it answers when it runs.
  const routes = (): { method: string; path: string; body: () => string; allowed: number }[] => [
    { method: 'POST', path: '/api/session', body: () => '{}', allowed: 200 },
    { method: 'POST', path: '/api/account/reset', body: () => '{}', allowed: 200 },
    { method: 'PATCH', path: '/api/account', body: () => '{"displayName":"Csrf"}', allowed: 200 },
    { method: 'POST', path: '/api/lab/drop', body: () => JSON.stringify({ lab: 'csrf-test-lab-0001', epoch: (dropEpoch += 1) }), allowed: 202 },
  ];
  const own = (): string => app.baseUrl;
  const withCookie = (headers: Record<string, string>): Record<string, string> => ({ Cookie: `tw_session=${user.token}`, ...headers });

  before(async () => {
    app = await startTickwire('all', { DATA_DIR: dataDir, FEED_RATE: '20' });
    user = await openSession(app.baseUrl);
  });
  after(async () => {
    await app?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const expectRefused = async (headers: Record<string, string>, status: number, error: string, what: string): Promise<void> => {
    for (const route of routes()) {
      const answer = await send(app.port, route.method, route.path, withCookie(headers), route.body());
      assert.equal(answer.status, status, `${what}: ${route.method} ${route.path} ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error, error, `${what}: ${route.method} ${route.path}`);
      assert.equal(answer.headers['set-cookie'], undefined, `${what}: ${route.method} ${route.path} sets no cookie`);
    }
  };
  const expectAllowed = async (headers: Record<string, string>, what: string): Promise<void> => {
    for (const route of routes()) {
      const answer = await send(app.port, route.method, route.path, headers, route.body());
      assert.equal(answer.status, route.allowed, `${what}: ${route.method} ${route.path} ${JSON.stringify(answer.body)}`);
    }
  };

  it('refuses a foreign Origin with 403 cross_site', async () => {
    await expectRefused({ Origin: 'http://evil.test', 'Content-Type': 'application/json' }, 403, 'cross_site', 'foreign origin');
    await expectRefused({ Origin: own().replace('http:', 'https:'), 'Content-Type': 'application/json' }, 403, 'cross_site', 'other scheme');
  });

  it('refuses a request with neither Origin nor Sec-Fetch-Site', async () => {
    await expectRefused({ 'Content-Type': 'application/json' }, 403, 'cross_site', 'no origin');
  });

  it('refuses Sec-Fetch-Site: same-site (a sibling subdomain) and a sibling subdomain Origin', async () => {
    await expectRefused({ 'Sec-Fetch-Site': 'same-site', 'Content-Type': 'application/json' }, 403, 'cross_site', 'same-site');
    await expectRefused({ Host: 'app.example.test', Origin: 'http://evil.example.test', 'Content-Type': 'application/json' }, 403, 'cross_site', 'sibling subdomain');
  });

  it('refuses a form content type from the same origin with 415', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=xyz']) {
      await expectRefused({ Origin: own(), 'Content-Type': type }, 415, 'unsupported_media_type', type);
    }
  });

  it('lets the page through: same Origin, or Sec-Fetch-Site: same-origin, and the sibling-subdomain host to its own origin', async () => {
    await expectAllowed(withCookie({ Origin: own(), 'Content-Type': 'application/json' }), 'same origin');
    await expectAllowed(withCookie({ 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' }), 'Sec-Fetch-Site: same-origin');
    await expectAllowed(withCookie({ Host: 'app.example.test', Origin: 'http://app.example.test', 'Content-Type': 'application/json' }), 'own host name');
  });

  it('lets a Bearer client through without an Origin', async () => {
    await expectAllowed({ Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json' }, 'Bearer');
  });

  it('opens no account for a refused POST /api/session', async () => {
    const refusals: Record<string, string>[] = [{ Origin: 'http://evil.test', 'Content-Type': 'application/json' }, { 'Content-Type': 'application/json' }, { Origin: own(), 'Content-Type': 'text/plain' }];
    for (const headers of refusals) {
      const answer = await send(app.port, 'POST', '/api/session', headers, '{"displayName":"Mallory"}');
      assert.ok(answer.status === 403 || answer.status === 415, JSON.stringify(answer.body));
      assert.equal(answer.headers['set-cookie'], undefined);
      assert.equal(answer.body.token, undefined);
    }
    // The same request from the page itself opens one, with its cookie.
    const opened = await send(app.port, 'POST', '/api/session', { Origin: own(), 'Content-Type': 'application/json' }, '{"displayName":"Mallory"}');
    assert.equal(opened.status, 201);
    assert.match(String(opened.headers['set-cookie']), /^tw_session=/);
  });
});
