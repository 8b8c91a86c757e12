// Loaded into every node:test file (`--import`, see scripts/test.ts): when a file's tests are done,
// whatever it started and did not stop is killed, so a failed `before` cannot leave a file hanging
// on its children. The file's time limit itself is the runner's `--test-timeout`.
import { after } from 'node:test';
import { killTrackedChildren } from '../../scripts/lib/child-processes.ts';

// Only in the runner's per-file processes, not in the runner itself.
if (process.env.NODE_TEST_CONTEXT) {
  after(() => {
    const killed = killTrackedChildren();
    if (killed > 0) process.stderr.write(`${process.argv[1] ?? 'test file'}: killed ${killed} process(es) it left running\n`);
  });
}
