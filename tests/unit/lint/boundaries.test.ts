// Each folder boundary fires: a deliberate violation per rule is rejected by the project's own lint
// config (eslint.config.mjs), and the same file with an allowed import passes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

/** The boundary messages the project's lint gives `code` if it lived at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result);
  return result.messages.filter((m) => m.ruleId === 'tickwire/boundaries' || m.ruleId?.startsWith('no-restricted-')).map((m) => m.message);
}

const VIOLATIONS: [rule: string, file: string, bad: string, good: string][] = [
  ['pure domain: no I/O module', 'lib/market/fixture.ts', "import { Redis } from 'ioredis';", "import { z } from 'zod';"],
  ['pure domain: nothing of ours outside it', 'lib/protocol/fixture.ts', "import type { Broker } from '../broker/broker.ts';", "import type { BookDelta } from '../market/book-messages.ts';"],
  ['pure domain: no clock', 'lib/market/fixture.ts', 'export const now = Date.now();', 'export const at = (ms: number): number => ms;'],
  ['pure domain: no new Date()', 'lib/protocol/fixture.ts', 'export const now = new Date();', 'export const then = new Date(0);'],
  ['pure domain: no randomness', 'lib/market/fixture.ts', 'export const r = Math.random();', 'export const r = Math.max(1, 2);'],
  ['lib never imports a role', 'lib/broker/fixture.ts', "import { startFeed } from '../../workers/feed/feed-worker.ts';", "import { bookChannel } from '../protocol/channels.ts';"],
  ['browser code: no Node module', 'components/chart/fixture.ts', "import { readFileSync } from 'node:fs';", "import { useState } from 'react';"],
  ['browser code: no server package', 'lib/client/fixture.ts', "import WebSocket from 'ws';", "import { z } from 'zod';"],
  ['browser code: no broker client', 'components/lab/fixture.ts', "import { connect } from 'nats';", "import { useState } from 'react';"],
  ['browser code: no server code', 'components/lab/fixture.ts', "import { getRuntime } from '@/lib/runtime.ts';", "import { formatPrice } from '@/lib/client/format.ts';"],
  ['browser code: no web role', 'lib/client/fixture.ts', "import { createIndexStream } from '../../server/web/sse/index-stream.ts';", "import { bookChannel } from '../protocol/channels.ts';"],
  ['app: no gateway internals', 'app/api/fixture/route.ts', "import { createGateway } from '@/server/gateway/gateway.ts';", "import { getRuntime } from '@/lib/runtime.ts';"],
  ['app: no worker', 'app/api/fixture/route.ts', "import { startEngine } from '../../../workers/engine/engine-worker.ts';", "import { pollResponse } from '@/server/web/sse/index-poll.ts';"],
  ['feed: not the engine', 'workers/feed/fixture.ts', "import { MarketData } from '../engine/market-data.ts';", "import { SequencedBook } from '../../lib/market/sequenced-book.ts';"],
  ['engine: not the feed', 'workers/engine/fixture.ts', "import { InstrumentFeed } from '../feed/instrument-feed.ts';", "import { bookChannel } from '../../lib/protocol/channels.ts';"],
  ['engine: not the gateway', 'workers/engine/fixture.ts', "import { createGateway } from '../../server/gateway/gateway.ts';", "import type { Broker } from '../../lib/broker/broker.ts';"],
  ['server: no worker', 'server/gateway/fixture.ts', "import { startFeed } from '../../workers/feed/feed-worker.ts';", "import type { Broker } from '../../lib/broker/broker.ts';"],
];

describe('folder boundaries (eslint/boundaries.mjs)', () => {
  for (const [rule, file, bad, good] of VIOLATIONS) {
    it(`rejects ${rule}, and allows what is allowed`, async () => {
      assert.notDeepEqual(await boundaryErrors(file, `${bad}\nexport {};\n`), [], `${file}: ${bad}`);
      assert.deepEqual(await boundaryErrors(file, `${good}\nexport {};\n`), [], `${file}: ${good}`);
    });
  }
});
