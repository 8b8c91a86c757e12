// Child process: the load generator. Opens many client sockets against one server, counts every
// message on every socket, and reads publish times on a few sampled sockets only (a few of which
// also verify their book's seq and checksum), so it costs less CPU than the server it measures (its
// own CPU is reported next to the server's).
import { nowMs } from './clock.ts';
import { serve } from './ipc.ts';
import { BookCheck } from './book-check.ts';
import { LatencyHistogram, type LatencySummary } from './histogram.ts';
import { LoadConnection, type ConnectionTarget } from './load-connection.ts';
import { sharedInflateCounts } from './shared-inflate.ts';

/** Messages and frames received by a group of connections in the window. */
export interface GroupCounts {
  connections: number;
  messages: number;
  frames: number;
  /** Payload bytes as received (compressed, for compressed frames). */
  bytes: number;
  /** Every byte read from the sockets, frame headers included. */
  wireBytes: number;
}

/** What the generator saw between `mark` and `report`. */
export interface GeneratorReport {
  elapsedMs: number;
  cpuUs: number;
  readers: GroupCounts;
  paused: GroupCounts;
  /** Publish-to-arrival latency of every delta on the sampled (reading) connections. */
  latency: LatencySummary;
  /** Connections the server closed, by close code ("none" when it just dropped them). */
  closedByCode: Record<string, number>;
  /** Deltas the book-checking connections verified, and the gaps and checksum mismatches they found. */
  books: { checked: number; verified: number; problems: number };
  /** Compressed payloads read, and how many of them had to be inflated (the rest were shared). */
  inflate: { lookups: number; inflates: number };
}

/** The generator's commands. */
export interface GeneratorApi {
  /** `checked` of the `sampled` connections also verify their book. */
  connect: { args: ConnectionTarget & { count: number; sampled: number; checked?: number }; result: { connected: number; failed: number; firstError: string | undefined } };
  /** Stops reading on `fraction` of the connections (never the sampled ones). */
  pause: { args: { fraction: number }; result: { paused: number } };
  mark: { args: null; result: null };
  report: { args: null; result: GeneratorReport };
}

const MAX_CONNECTING = 200;
const CONNECT_TIMEOUT_MS = 60_000;

const connections: LoadConnection[] = [];
const paused = new Set<LoadConnection>();
const latency = new LatencyHistogram();
const checks: BookCheck[] = [];
let markedAtMs = nowMs();
let markedCpu = process.cpuUsage();
let markedInflate = sharedInflateCounts();

async function connectMany(target: ConnectionTarget, count: number, sampled: number, checked: number): Promise<GeneratorApi['connect']['result']> {
  const sampleEvery = Math.max(1, Math.floor(count / Math.max(1, sampled)));
  let started = 0;
  let settled = 0;
  let failed = 0;
  let firstError: string | undefined;
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CONNECT_TIMEOUT_MS);
    const startNext = (): void => {
      while (started < count && started - settled < MAX_CONNECTING && Date.now() < deadline) {
        const sampleIndex = started % sampleEvery === 0 ? Math.floor(started / sampleEvery) : Infinity;
        started++;
        const check = sampleIndex < checked ? new BookCheck() : undefined;
        if (check) checks.push(check);
        connections.push(new LoadConnection(target, sampleIndex < sampled ? { latency, check } : undefined, onSettled));
      }
    };
    const onSettled = (_connection: LoadConnection, error?: string): void => {
      settled++;
      if (error !== undefined) {
        failed++;
        firstError ??= error;
      }
      if (settled === count) {
        clearTimeout(timer);
        resolve();
      } else startNext();
    };
    startNext();
  });
  return { connected: connections.filter((c) => c.isReady && !c.isClosed).length, failed, firstError };
}

function counts(group: LoadConnection[]): GroupCounts {
  return {
    connections: group.length,
    messages: group.reduce((sum, c) => sum + c.messages, 0),
    frames: group.reduce((sum, c) => sum + c.frames, 0),
    bytes: group.reduce((sum, c) => sum + c.bytes, 0),
    wireBytes: group.reduce((sum, c) => sum + c.wireBytes, 0),
  };
}

serve<GeneratorApi>(
  {
    connect: ({ count, sampled, checked = 0, ...target }) => connectMany(target, count, sampled, checked),
    pause: ({ fraction }) => {
      const every = Math.round(1 / fraction);
      connections.forEach((c, i) => {
        if (i % every !== every - 1 || c.isSampled) return;
        c.pause();
        paused.add(c);
      });
      return { paused: paused.size };
    },
    mark: () => {
      for (const c of connections) {
        c.messages = 0;
        c.frames = 0;
        c.bytes = 0;
        c.wireBytes = 0;
      }
      latency.reset();
      markedAtMs = nowMs();
      markedCpu = process.cpuUsage();
      markedInflate = sharedInflateCounts();
      return null;
    },
    report: () => {
      const cpu = process.cpuUsage(markedCpu);
      const closedByCode: Record<string, number> = {};
      for (const c of connections) {
        if (!c.isClosed) continue;
        const code = String(c.closeCode ?? 'none');
        closedByCode[code] = (closedByCode[code] ?? 0) + 1;
      }
      return {
        elapsedMs: nowMs() - markedAtMs,
        cpuUs: cpu.user + cpu.system,
        readers: counts(connections.filter((c) => !paused.has(c))),
        paused: counts([...paused]),
        latency: latency.summary(),
        closedByCode,
        // Over the whole phase: a book is only as good as every delta since its snapshot.
        books: { checked: checks.length, verified: checks.reduce((sum, c) => sum + c.verified, 0), problems: checks.reduce((sum, c) => sum + c.problems, 0) },
        inflate: { lookups: sharedInflateCounts().lookups - markedInflate.lookups, inflates: sharedInflateCounts().inflates - markedInflate.inflates },
      };
    },
  },
  { port: 0 },
);
