// Regenerates tests/fixtures/feed-recording.ndjson: 20 s of simulated market for every instrument,
// stepped on a fixed simulated clock so the same seed always writes the same file.
// Run: node --import tsx scripts/record-fixture.ts [out-file]
import { Recorder } from '../workers/feed/sources/recorder.ts';
import { MarketSimulator } from '../workers/feed/sources/simulator.ts';

const OUT_FILE = process.argv[2] ?? 'tests/fixtures/feed-recording.ndjson';
const DURATION_MS = 20_000;
const STEP_MS = 50;
// A fixed, round start time keeps the file reproducible; the replay source re-stamps events if asked.
const START_MS = Date.UTC(2025, 0, 1);

const simulator = new MarketSimulator({ seed: 2025, ratePerSec: 20, depth: { minLevels: 12, maxLevels: 20 } });
const recorder = new Recorder(OUT_FILE);
for (let elapsedMs = 0; elapsedMs <= DURATION_MS; elapsedMs += STEP_MS) {
  for (const event of simulator.step(START_MS + elapsedMs)) recorder.record(event);
}
await recorder.close();
console.log(`wrote ${recorder.count} events to ${OUT_FILE}`);
