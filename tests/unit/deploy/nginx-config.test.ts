// deploy/nginx.conf and its includes as scripts/cluster/nginx.ts renders them: accepted by the real
// nginx (`nginx -t`) with and without https, and every route sent to a location that suits it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../../lib/paths.ts';
import { HEARTBEAT_MS } from '../../../server/web/sse/index-hub.ts';
import { longPollQuerySchema } from '../../../server/web/sse/index-poll.ts';
import { nginxBin, writeNginxConfig, type NginxOptions } from '../../../scripts/cluster/nginx.ts';
import { DEFAULT_GATEWAY_OPTIONS } from '../../../server/gateway/gateway-options.ts';
import { locationFor, nginxTimeMs, parseLocations, type NginxLocation } from '../../helpers/nginx-locations.ts';
import { createSelfSignedCertificate } from '../../helpers/self-signed-cert.ts';

const run = promisify(execFile);

/** `nginx -t` on a rendered config; resolves with its report (nginx writes it to stderr). */
async function testConfig(configPath: string): Promise<string> {
  const { stderr } = await run(nginxBin(), ['-t', '-p', dirname(configPath), '-c', configPath]);
  return stderr;
}

/** The longest a long poll may be held, read off the query schema: the largest `timeout` it accepts. */
function longestHoldMs(): number {
  let low = 1;
  let high = 86_400;
  assert.equal(longPollQuerySchema.safeParse({ timeout: String(high) }).success, false, 'long polls are bounded');
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (longPollQuerySchema.safeParse({ timeout: String(middle) }).success) low = middle;
    else high = middle;
  }
  return low * 1000;
}

/** The URL path of every route handler under app/api that streams or holds its answer. */
function heldRoutes(): string[] {
  const apiDir = join(PROJECT_ROOT, 'app', 'api');
  return readdirSync(apiDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(`${sep}route.ts`))
    .filter((file) => /SSE_HEADERS|waitSince\(/.test(readFileSync(join(apiDir, file), 'utf8')))
    .map((file) => `/api/${relative('.', dirname(file)).split(sep).join('/')}`)
    .sort();
}

/** A rendered file's directives, its comments left out. */
function readDirectives(path: string): string {
  return readFileSync(path, 'utf8').replace(/#[^\n]*/g, '');
}

function directive(location: NginxLocation | undefined, name: string): string | undefined {
  return location?.directives.get(name);
}

describe('nginx config template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-nginx-config-'));
  const base: Omit<NginxOptions, 'runDir'> = {
    listenPort: 18080,
    webPorts: [3000, 3010],
    gatewayPorts: [3001, 3002],
    socketIoNodes: [
      { nodeId: 'gateway-1', port: 3001 },
      { nodeId: 'gateway 2', port: 3002 },
    ],
  };
  let plainPath: string;
  let tlsPath: string;

  before(() => {
    plainPath = writeNginxConfig({ ...base, runDir: join(dir, 'plain') });
    const certificate = createSelfSignedCertificate(dir);
    tlsPath = writeNginxConfig({ ...base, runDir: join(dir, 'tls'), tls: { certificatePath: certificate.certificatePath, keyPath: certificate.keyPath, port: 18443 } });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('renders a plain-http config that nginx accepts', async () => {
    assert.match(await testConfig(plainPath), /test is successful/);
    assert.doesNotMatch(readDirectives(plainPath), /nginx-tls\.conf/);
    assert.match(readDirectives(tlsPath), /include nginx-tls\.conf;/);
  });

  it('renders an https config with HTTP/2 that nginx accepts', async () => {
    assert.match(await testConfig(tlsPath), /test is successful/);
    const server = readFileSync(join(dirname(tlsPath), 'nginx-tls.conf'), 'utf8');
    assert.match(server, /listen 127\.0\.0\.1:18443 ssl http2;/);
    assert.match(server, new RegExp(`ssl_certificate ${join(dir, 'cert.pem')};`));
  });

  it("sends a Socket.IO request carrying a node's session id to that node, and a handshake to any", () => {
    const config = readDirectives(plainPath);
    const map = /map \$arg_sid \$socketio_upstream \{([^}]*)\}/.exec(config)?.[1] ?? '';
    assert.deepEqual(
      map.trim().split(/\s*;\s*/).filter(Boolean),
      ['default tickwire_gateway', '"~^gateway-1\\." 127.0.0.1:3001', '"~^gateway-2\\." 127.0.0.1:3002'],
    );
    const socketIo = parseLocations(readFileSync(join(dirname(plainPath), 'nginx-locations.conf'), 'utf8')).find((location) => location.modifier === '^~' && location.pattern === '/socket.io/');
    assert.equal(directive(socketIo, 'proxy_pass'), 'http://$socketio_upstream');
    assert.equal(directive(socketIo, 'proxy_buffering'), 'off');
  });

  it('leaves no placeholder unfilled', () => {
    for (const file of ['nginx.conf', 'nginx-locations.conf', 'nginx-tls.conf']) {
      assert.doesNotMatch(readDirectives(join(dirname(tlsPath), file)), /\{\{|\}\}/, file);
    }
  });

  it('passes every streaming or held route through unbuffered, with reads longer than its longest silence', () => {
    const locations = parseLocations(readFileSync(join(dirname(plainPath), 'nginx-locations.conf'), 'utf8'));
    const routes = heldRoutes();
    assert.deepEqual(routes, ['/api/lab/longpoll', '/api/lab/stream', '/api/longpoll/index', '/api/stream/index']);
    const longestSilenceMs = Math.max(longestHoldMs(), HEARTBEAT_MS);
    assert.equal(longestSilenceMs, 60_000);
    for (const route of routes) {
      const location = locationFor(locations, route);
      assert.equal(directive(location, 'proxy_pass'), 'http://tickwire_web', route);
      assert.equal(directive(location, 'proxy_buffering'), 'off', route);
      assert.equal(directive(location, 'proxy_cache'), 'off', route);
      const readTimeout = directive(location, 'proxy_read_timeout');
      assert.ok(readTimeout !== undefined && nginxTimeMs(readTimeout) > longestSilenceMs, `${route}: proxy_read_timeout ${readTimeout}`);
    }
  });

  it('keeps WebSockets open well past the gateway heartbeat', () => {
    const location = locationFor(parseLocations(readFileSync(join(dirname(plainPath), 'nginx-locations.conf'), 'utf8')), '/ws');
    assert.equal(directive(location, 'proxy_pass'), 'http://tickwire_gateway');
    const readTimeout = directive(location, 'proxy_read_timeout');
    assert.ok(readTimeout !== undefined && nginxTimeMs(readTimeout) > 2 * DEFAULT_GATEWAY_OPTIONS.heartbeatIntervalMs, `proxy_read_timeout ${readTimeout}`);
  });

  it('refuses the operations endpoints in any spelling and serves /healthz', () => {
    const locations = parseLocations(readFileSync(join(dirname(plainPath), 'nginx-locations.conf'), 'utf8'));
    for (const path of ['/metrics', '/readyz', '/METRICS', '/readyz/', '/readyz/x', '/api/system', '/API/System', '/api/system/']) {
      assert.equal(directive(locationFor(locations, path), 'return'), '404', path);
    }
    for (const path of ['/healthz', '/metricsx', '/api/systems']) {
      assert.equal(directive(locationFor(locations, path), 'proxy_pass'), 'http://tickwire_web', path);
    }
  });
});
