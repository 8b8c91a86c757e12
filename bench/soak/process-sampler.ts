// Reads the soak's server processes from outside: RSS and CPU time from /proc (bench/fanout's process
// meter), open file descriptors by counting /proc/<pid>/fd, and from each process's own /metrics the
// gateway's open sockets and the feed's published deltas (a process that does not answer in time is
// read without them). V8's heap is read apart, after a full GC, through the process's inspector.
import { existsSync, readdirSync } from 'node:fs';
import { readProcess } from '../fanout/process-meter.ts';
import { metricValue } from '../../tests/helpers/metrics-text.ts';

const METRICS_TIMEOUT_MS = 5_000;

/** A process to read: its name in the table, its pid, where its /metrics is, and its inspector. */
export interface SampledProcess {
  name: string;
  pid: number;
  baseUrl: string;
  inspectorUrl: string | undefined;
}

/** One reading of one process. */
export interface ProcessSample {
  rssBytes: number;
  cpuUs: number;
  fds: number;
  /** The gateway's open WebSockets (tickwire_connections{transport="ws"}). */
  sockets: number | undefined;
  /** The feed's deltas published on `symbol` so far. */
  published: number | undefined;
}

/** Reads the process now. */
export async function sampleProcess(process: SampledProcess, symbol: string): Promise<ProcessSample> {
  // A server that died mid-run is the run's finding: name it (the runner then prints why it exited).
  if (!existsSync(`/proc/${process.pid}/stat`)) throw new Error(`${process.name} (pid ${process.pid}) exited during the soak`);
  const { rssBytes, cpuUs } = readProcess(process.pid);
  const fds = readdirSync(`/proc/${process.pid}/fd`).length;
  const text = await fetch(`${process.baseUrl}/metrics`, { signal: AbortSignal.timeout(METRICS_TIMEOUT_MS) })
    .then((response) => response.text())
    .catch(() => '');
  return {
    rssBytes,
    cpuUs,
    fds,
    sockets: metricValue(text, 'tickwire_connections', 'transport="ws"'),
    published: metricValue(text, 'tickwire_feed_deltas_published_total', `symbol="${symbol}"`),
  };
}
