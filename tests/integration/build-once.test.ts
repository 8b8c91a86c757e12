// Build once, run anywhere: `npm run build` leaves a build that a start accepts as it is, even one
// that may not build (TICKWIRE_SKIP_BUILD, for read-only images).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnTracked } from '../../scripts/lib/child-processes.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';

describe('npm run build, then a start', () => {
  let app: TickwireProcess | undefined;
  after(async () => {
    await app?.stop();
  });

  it('starts without building again, with TICKWIRE_SKIP_BUILD=1', async () => {
    const build = spawnTracked('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    build.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(build, 'exit')) as [number | null];
    assert.equal(code, 0, output.slice(-2000));
    assert.match(output, /build ready/);

    app = await startTickwire('all', { DATA_DIR: mkdtempSync(join(tmpdir(), 'tickwire-build-once-')), TICKWIRE_SKIP_BUILD: '1' }, 60_000);
    const building = app.logs.filter((line) => /building|generating/i.test(String(line.msg)));
    assert.deepEqual(building, []);
    assert.equal((await fetch(`${app.baseUrl}/`)).status, 200);
  });
});
