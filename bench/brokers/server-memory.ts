// Runs work against a private broker server and reads that server's memory from /proc around it: its RSS
// idle (just started, nothing stored), its peak (sampled every 50 ms) and at the end. The server is always
// stopped afterwards, whatever the work did.
import { PeakRssMeter } from '../fanout/process-meter.ts';
import { startPrivateBroker, type ServerKind } from './private-broker.ts';
import type { BrokerTarget } from './broker-target.ts';

/** The server's resident memory in MB. */
export interface ServerMemory {
  idleMb: number;
  peakMb: number;
  endMb: number;
}

const MB = 1024 * 1024;

/** Starts a private `kind` server, runs `work` on it under `prefix`, and stops it. */
export async function withPrivateServer<T>(kind: ServerKind, prefix: string, work: (target: BrokerTarget) => Promise<T>): Promise<{ result: T; memory: ServerMemory }> {
  const server = await startPrivateBroker(kind);
  try {
    const meter = new PeakRssMeter(server.pid);
    const idle = meter.start();
    const outcome = await work({ kind, url: server.url, prefix }).then(
      (result) => ({ isDone: true as const, result }),
      (error: unknown) => ({ isDone: false as const, error }),
    );
    const end = meter.stop();
    if (!outcome.isDone) throw outcome.error;
    return { result: outcome.result, memory: { idleMb: idle.rssBytes / MB, peakMb: end.peakRssBytes / MB, endMb: end.rssBytes / MB } };
  } finally {
    await server.stop();
  }
}
