// A nats-server of the test's own (JetStream on, file storage in a temp folder) on a free loopback port,
// so a test can kill and restart it without disturbing the shared one on 4222.
import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { spawnTracked } from '../../scripts/lib/child-processes.ts';
import { freePort } from './services.ts';
import { waitFor } from './wait-for.ts';

export interface PrivateNats {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: like a crash; JetStream keeps what its store had written). */
  stop(): Promise<void>;
  /** Starts it again on the same port and the same store. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  destroy(): Promise<void>;
}

/** Starts a private nats-server with JetStream storing to its own folder (`-sd`); call destroy() when done. */
export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-nats-'));
  const url = `nats://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawnTracked(process.env.NATS_SERVER_BIN ?? 'nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
    // Up when JetStream answers (it recovers its streams from the store before it does).
    await waitFor('private nats-server to answer with JetStream', async () => {
      const probe = await connect({ servers: url, reconnect: false, timeout: 1000 }).catch(() => undefined);
      if (!probe) return false;
      try {
        await (await probe.jetstreamManager({ timeout: 1000 })).getAccountInfo();
        return true;
      } catch {
        return false;
      } finally {
        await probe.close();
      }
    }, 15_000, 50);
  };
  const stop = async (): Promise<void> => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    url,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
