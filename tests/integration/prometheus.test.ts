// The monitoring config as an operator runs it: promtool accepts deploy/prometheus.yml and
// deploy/alerts.yml and each alert fires when it should; then the real Prometheus scrapes a real
// cluster through the targets file `npm run cluster` writes, and sees every role's metrics move.
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../lib/paths.ts';
import { targetGroupsOf, writeTargetsFile } from '../../scripts/cluster/prometheus-targets.ts';
import { startCluster, type Cluster } from '../../scripts/cluster/start-cluster.ts';
import { spawnTracked } from '../../scripts/lib/child-processes.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, freePort, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { openSession, TradingClient } from '../helpers/trading-client.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { watchBook, type BookWatcher } from '../helpers/ws-book-client.ts';

const DEPLOY = join(PROJECT_ROOT, 'deploy');
const ALERTS = ['TickwireBrokerDown', 'TickwireEngineLag', 'TickwireFeedSilent', 'TickwireNoLeader', 'TickwireNodeDown', 'TickwireSlowConsumersRising', 'TickwireTwoLeaders'];

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('deploy/prometheus.yml and deploy/alerts.yml', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickwire-promtool-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('promtool accepts the scrape config, with the targets file the cluster writes where the config looks for it', () => {
    // The config's own relative paths, in a copy of the layout, so a running `npm run cluster` is not touched.
    mkdirSync(join(dir, 'deploy'));
    for (const file of ['prometheus.yml', 'alerts.yml']) copyFileSync(join(DEPLOY, file), join(dir, 'deploy', file));
    const nodes = [
      { name: 'feed-1', role: 'feed', port: 4001 },
      { name: 'gateway-1', role: 'gateway', port: 4002 },
    ];
    writeTargetsFile(join(dir, '.data', 'cluster', 'prometheus-targets.json'), targetGroupsOf(nodes));
    const check = promtool('check', 'config', join(dir, 'deploy', 'prometheus.yml'));
    assert.equal(check.status, 0, check.output);
    assert.match(check.output, /SUCCESS: 1 rule files found/);
    assert.doesNotMatch(check.output, /WARNING/, 'the targets file resolves');
  });

  it('promtool accepts the alert rules', () => {
    const check = promtool('check', 'rules', join(DEPLOY, 'alerts.yml'));
    assert.equal(check.status, 0, check.output);
    assert.match(check.output, new RegExp(`SUCCESS: ${ALERTS.length} rules found`));
  });

  it('fires each alert on series that should fire it, and not before (promtool test rules)', () => {
    const test = promtool('test', 'rules', join(PROJECT_ROOT, 'tests', 'fixtures', 'prometheus', 'alerts.test.yml'));
    assert.equal(test.status, 0, test.output);
  });
});

/** One sample of an instant query. */
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

describe('Prometheus scraping the cluster', () => {
  const prefix = uniquePrefix('twprom');
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let cluster: Cluster | undefined;
  let prometheus: ChildProcess | undefined;
  let promUrl = '';
  let dir = '';
  let prometheusLog = '';
  const sockets: { close(): void }[] = [];

  /** Instant query; undefined while Prometheus is not answering yet. */
  async function query(promql: string): Promise<Sample[] | undefined> {
    try {
      const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as { status: string; data?: { result: Sample[] } };
      return body.status === 'success' ? body.data?.result : undefined;
    } catch {
      return undefined;
    }
  }

  /** Waits until `promql` returns samples that all pass `accept` (and at least `count` of them). */
  function waitForQuery(promql: string, accept: (value: number) => boolean, count = 1, timeoutMs = 60_000): Promise<Sample[]> {
    return waitFor(
      `${promql} (${count} series)`,
      async () => {
        const samples = await query(promql);
        return samples !== undefined && samples.length >= count && samples.every((s) => accept(Number(s.value[1]))) ? samples : undefined;
      },
      timeoutMs,
      500,
    );
  }

  before(async () => {
    database = await createTestDatabase();
    cluster = await startCluster({ redisUrl: TEST_REDIS_URL, databaseUrl: database.url, redisPrefix: prefix, env: { FEED_RATE: '50' } });
    dir = mkdtempSync(join(tmpdir(), 'tickwire-prometheus-'));
    const targets = join(dir, 'targets.json');
    writeTargetsFile(targets, targetGroupsOf(cluster.nodes));
    const config = join(dir, 'prometheus.yml');
    // deploy/prometheus.yml's job and rules, scraped every second so the test sees changes quickly.
    writeFileSync(
      config,
      [
        'global: { scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s }',
        `rule_files: [${JSON.stringify(join(DEPLOY, 'alerts.yml'))}]`,
        'scrape_configs:',
        '  - job_name: tickwire',
        `    file_sd_configs: [{ files: [${JSON.stringify(targets)}], refresh_interval: 1s }]`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawnTracked('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    prometheus.stderr?.on('data', (chunk: Buffer) => {
      prometheusLog = `${prometheusLog}${chunk.toString()}`.slice(-4000);
    });
    const exited = prometheus;
    await waitFor(
      'Prometheus ready',
      async () => {
        if (exited.exitCode !== null) throw new Error(`prometheus exited with ${exited.exitCode}: ${prometheusLog}`);
        return (await fetch(`${promUrl}/-/ready`).catch(() => undefined))?.ok;
      },
      30_000,
      200,
    );
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    if (prometheus && prometheus.exitCode === null && prometheus.signalCode === null) {
      const exit = once(prometheus, 'exit');
      prometheus.kill('SIGTERM');
      const timer = setTimeout(() => prometheus?.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    await cluster?.stop();
    await deleteRedisKeys(prefix);
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds every node through the targets file and loads the alert rules', async () => {
    const nodes = cluster?.nodes ?? [];
    const up = await waitForQuery('up{job="tickwire"}', (value) => value === 1, nodes.length);
    assert.deepEqual(up.map((s) => `${s.metric.role}/${s.metric.node}`).sort(), nodes.map((n) => `${n.role}/${n.name}`).sort());
    await waitForQuery('tickwire_broker_up', (value) => value === 1, nodes.length);
    const rules = (await (await fetch(`${promUrl}/api/v1/rules?type=alert`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } };
    const loaded = rules.data.groups.flatMap((g) => g.rules);
    assert.deepEqual(loaded.map((r) => r.name).sort(), ALERTS);
  });

  it("sees the feed, engine and gateway metrics move with a trade and a watched book, each series labelled with its node's role", async () => {
    const url = cluster?.url ?? '';
    const wsUrl = url.replace(/^http/, 'ws') + '/ws';
    const session = await openSession(url);
    const trader = await TradingClient.connect(wsUrl, { token: session.token, via: 'bearer' });
    sockets.push(trader);
    const book: BookWatcher = await watchBook(wsUrl, 'BTC-USD');
    sockets.push(book);
    trader.send({ op: 'order.place', id: 'p1', clientOrderId: 'prom-1', symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1' });
    trader.send({ op: 'order.place', id: 'p2', clientOrderId: 'prom-2', symbol: 'NOPE', side: 'buy', type: 'market', quantity: '1' });
    await trader.waitFor('the fill', (m) => m.type === 'order.filled', 20_000);
    await trader.waitFor('the rejection', (m) => m.type === 'order.rejected', 20_000);
    await waitFor('book deltas', () => book.messages.filter((m) => m.type === 'book.delta').length >= 5, 20_000);

    // Feed: deltas published, on the feed node, for every symbol from the start.
    await waitForQuery('sum by (role, node) (tickwire_feed_deltas_published_total)', (value) => value > 0);
    const perSymbol = await waitForQuery('tickwire_feed_deltas_published_total', () => true, 2);
    assert.ok(perSymbol.every((s) => s.metric.role === 'feed' && s.metric.node === 'feed-1'));
    // Leadership: one feed and one engine lead, each under a fence token; the standbys say they do not.
    await waitForQuery('sum by (role) (tickwire_leader)', (value) => value === 1, 2);
    await waitForQuery('tickwire_leader', () => true, 4);
    await waitForQuery('tickwire_leader_fence_token', (value) => value > 1_700_000_000_000, 2);
    // Engine: the fill and the refusal by code, the batch, the write and the queue wait; series at zero exist from the start.
    await waitForQuery('tickwire_engine_orders_total{outcome="filled",role="engine"}', (value) => value >= 1);
    await waitForQuery('tickwire_engine_orders_total{outcome="rejected",code="UNKNOWN_SYMBOL"}', (value) => value >= 1);
    await waitForQuery('tickwire_engine_orders_total{outcome="rejected",code="INSUFFICIENT_FUNDS"}', (value) => value === 0);
    await waitForQuery('tickwire_engine_batch_entries_count', (value) => value >= 1);
    await waitForQuery('tickwire_engine_queue_wait_seconds_count', (value) => value >= 2);
    await waitForQuery('tickwire_engine_statement_duration_seconds_count{statement="write_orders"}', (value) => value >= 1);
    await waitForQuery('tickwire_engine_queue_lag_seconds', (value) => value < 1);
    // Gateways: frames and bytes out on the node serving these sockets; slow-consumer series at zero on both.
    await waitForQuery('sum(tickwire_gateway_frames_out_total{role="gateway"})', (value) => value > 0);
    await waitForQuery('sum(tickwire_gateway_bytes_out_total{role="gateway"})', (value) => value > 0);
    await waitForQuery('tickwire_gateway_slow_consumer_closes_total{reason="too-slow"}', (value) => value === 0, 2);
    await waitForQuery('tickwire_gateway_book_resyncs_total{cause="chain"}', (value) => value === 0, 2);
    // A healthy cluster raises none of the alerts.
    assert.deepEqual(await query('ALERTS'), []);
  });
});
