// Redis going away while the app runs: logged, retried with backoff, recovered when it returns.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { openSse } from '../helpers/sse-client.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

describe('Redis outage', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-outage-'));
  let redis: PrivateRedis;
  let app: TickwireProcess;

  before(async () => {
    redis = await startPrivateRedis();
    app = await startTickwire('all', { REDIS_URL: redis.url, DATA_DIR: dataDir, FEED_RATE: '50' });
  });
  after(async () => {
    await app?.kill();
    await redis?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes unready while Redis is down and recovers, streams included, when it returns', async () => {
    const sse = await openSse(`${app.baseUrl}/api/stream/index`);
    try {
      await waitFor('index events before the outage', () => sse.events.length >= 2, 10_000);
      await redis.stop();
      await waitFor('readyz to fail', async () => (await fetch(`${app.baseUrl}/readyz`)).status === 503, 10_000);
      await waitFor('the outage to be logged', () => app.logs.some((l) => l.msg === 'broker connection lost, reconnecting'), 10_000);
      await sleep(1500); // a few reconnect attempts, with backoff
      assert.equal(app.child.exitCode, null, 'the process is still running');

      await redis.start();
      await waitFor('readyz to pass again', async () => (await fetch(`${app.baseUrl}/readyz`)).status === 200, 20_000);
      assert.ok(app.logs.some((l) => l.msg === 'broker connection ready'));
      const before = sse.events.length;
      await waitFor('index events after recovery on the same stream', () => sse.events.length >= before + 3, 15_000);
      const ids = sse.events.map((e) => e.id ?? '');
      assert.equal(new Set(ids).size, ids.length, 'no id twice');
    } finally {
      sse.close();
    }
  });
});
