// `npm run captures`: starts the app as `npm start` does (embedded, in a fresh data folder), takes
// each transport's real bytes through a loopback TCP recorder, and rewrites the captures between the
// `<!-- capture:NAME -->` markers in docs/transports.md, so the transport study's captures are what
// the running app sent, never typed by hand. A run that takes longer than 90 s (the build before it
// aside) kills the app and fails.
//
// Another transport is one module under scripts/capture/ exporting a CaptureSection, one entry in
// SECTIONS below, and markers in the doc for each capture it returns (see capture/capture-section.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/paths.ts';
import { ensureNextBuild, ensurePrismaClient } from '../bin/ensure-build.ts';
import { capturePoll } from './capture/capture-poll.ts';
import type { Capture, CaptureSection } from './capture/capture-section.ts';
import { captureSocketIo } from './capture/capture-socketio.ts';
import { captureSse } from './capture/capture-sse.ts';
import { captureStomp } from './capture/capture-stomp.ts';
import { captureWebSocket } from './capture/capture-websocket.ts';
import { fenced, replaceCaptures } from './capture/doc-markers.ts';
import { startTcpRecorder } from './capture/tcp-recorder.ts';
import { killTrackedChildren } from './lib/child-processes.ts';
import { startTickwire, type TickwireProcess } from './lib/tickwire-process.ts';

const DOC = join(PROJECT_ROOT, 'docs', 'transports.md');
const TIME_LIMIT_MS = 90_000;

// In the order they run.
const SECTIONS: { transport: string; capture: CaptureSection }[] = [
  { transport: 'short polling', capture: capturePoll },
  { transport: 'WebSocket (JSON protocol)', capture: captureWebSocket },
  { transport: 'STOMP 1.2 over WebSocket', capture: captureStomp },
  { transport: 'Socket.IO 4 (Engine.IO polling, then WebSocket)', capture: captureSocketIo },
  { transport: 'Server-Sent Events', capture: captureSse },
];

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  // What `npm start` would build first, before the clock starts: a build is not a hang.
  ensurePrismaClient(PROJECT_ROOT, log);
  ensureNextBuild(PROJECT_ROOT, log);

  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-captures-'));
  const timeLimit = setTimeout(() => {
    process.stderr.write(`captures: not done after ${TIME_LIMIT_MS / 1000} s; stopping the app, docs/transports.md unchanged\n`);
    killTrackedChildren();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(1);
  }, TIME_LIMIT_MS);

  let app: TickwireProcess | undefined;
  const captures: Capture[] = [];
  try {
    // ENV_FILE=none: a developer's .env (Redis, PostgreSQL, a feed rate) must not change what is captured.
    app = await startTickwire('all', { DATA_DIR: dataDir, ENV_FILE: 'none' }, TIME_LIMIT_MS - 15_000);
    log(`app ready on ${app.baseUrl}`);
    for (const section of SECTIONS) {
      const recorder = await startTcpRecorder(app.port);
      try {
        const taken = await section.capture({ appUrl: app.baseUrl, recorder });
        captures.push(...taken);
        log(`captured ${section.transport}: ${taken.map((c) => c.name).join(', ')}`);
      } finally {
        await recorder.close();
      }
    }
  } finally {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    clearTimeout(timeLimit);
  }

  const before = readFileSync(DOC, 'utf8');
  const after = replaceCaptures(before, new Map(captures.map((c) => [c.name, fenced(c.text)])));
  writeFileSync(DOC, after);
  log(`docs/transports.md: ${captures.length} captures written${after === before ? ' (no change)' : ''}`);
}

await main();
