// Child process: the soak's book subscribers (book-client.ts), split over the gateways and spread over
// loopback source addresses (a gateway holds at most 50 sockets per address). It connects them,
// reconnects the ones it is told to, and reports each window's counts and its own CPU, so the
// orchestrator can hold it to costing less than the gateways.
import { BookCheck } from '../fanout/book-check.ts';
import { nowMs } from '../fanout/clock.ts';
import { serve } from '../fanout/ipc.ts';
import { SoakBookClient } from './book-client.ts';
import { addSeqCounts, emptySeqCounts, type SeqCounts } from './seq-tally.ts';
import type { BookWindow } from './soak-window.ts';

/** What the generator saw since its last report. */
export interface BookReport extends BookWindow {
  elapsedMs: number;
  cpuUs: number;
}

/** The generator's commands. */
export interface BookLoadApi {
  connect: {
    args: { ports: number[]; count: number; symbol: string; depth: number; checked: number; sourceAddresses: number };
    result: { live: number; failed: number; firstError: string | undefined };
  };
  /** Reconnects the clients at `indices` (all at once); resolves when each is live again or gave up. */
  reconnect: { args: { indices: number[] }; result: { reconnected: number; failed: number } };
  report: { args: null; result: BookReport };
}

const MAX_CONNECTING = 200;
const CONNECT_TIMEOUT_MS = 120_000;
const RECONNECT_TIMEOUT_MS = 60_000;

const clients: SoakBookClient[] = [];
const checks: BookCheck[] = [];
let reported = { reconnects: 0, replayResumes: 0, problems: 0, closes: new Map<string, number>() };
let reconnectMaxMs = 0;
let markedAtMs = nowMs();
let markedCpu = process.cpuUsage();

/** Loopback address `i` of `count` (127.1.0.1, 127.1.0.2, …): the whole of 127/8 is this machine. */
function sourceAddress(i: number, count: number): string {
  const n = (i % count) + 1;
  return `127.1.${Math.floor(n / 256)}.${n % 256}`;
}

async function connectAll(args: BookLoadApi['connect']['args']): Promise<BookLoadApi['connect']['result']> {
  const checkEvery = Math.max(1, Math.floor(args.count / Math.max(1, args.checked)));
  for (let i = 0; i < args.count; i++) {
    const check = i % checkEvery === 0 && checks.length < args.checked ? new BookCheck() : undefined;
    if (check) checks.push(check);
    const port = args.ports[i % args.ports.length] ?? 0;
    clients.push(new SoakBookClient({ port, localAddress: sourceAddress(i, args.sourceAddresses), symbol: args.symbol, depth: args.depth }, check));
  }
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let client = clients[next++]; client; client = clients[next++]) {
      const result = await client.connect(deadline);
      if (result.isLive) continue;
      failed += 1;
      firstError ??= result.error;
    }
  };
  await Promise.all(Array.from({ length: MAX_CONNECTING }, worker));
  return { live: clients.filter((c) => c.isLive).length, failed, firstError };
}

async function reconnectSome(indices: number[]): Promise<BookLoadApi['reconnect']['result']> {
  const deadline = Date.now() + RECONNECT_TIMEOUT_MS;
  const results = await Promise.all(
    indices.map(async (i) => {
      const client = clients[i];
      const isBack = (await client?.reconnect(deadline)) ?? false;
      if (isBack && client) reconnectMaxMs = Math.max(reconnectMaxMs, client.lastReconnectMs);
      return isBack;
    }),
  );
  const reconnected = results.filter(Boolean).length;
  return { reconnected, failed: results.length - reconnected };
}

function report(): BookReport {
  const counts: SeqCounts = clients.reduce((sum, c) => addSeqCounts(sum, c.tally.take()), emptySeqCounts());
  const reconnects = clients.reduce((sum, c) => sum + c.reconnects, 0);
  const replayResumes = clients.reduce((sum, c) => sum + c.replayResumes, 0);
  const problems = checks.reduce((sum, c) => sum + c.problems, 0);
  const closes = new Map<string, number>();
  for (const c of clients) for (const [code, n] of c.serverCloses) closes.set(code, (closes.get(code) ?? 0) + n);
  const serverCloses: Record<string, number> = {};
  for (const [code, n] of closes) if (n > (reported.closes.get(code) ?? 0)) serverCloses[code] = n - (reported.closes.get(code) ?? 0);
  const cpu = process.cpuUsage(markedCpu);
  const result: BookReport = {
    ...counts,
    subscribed: clients.filter((c) => c.isLive).length,
    reconnecting: clients.filter((c) => c.isReconnecting).length,
    reconnects: reconnects - reported.reconnects,
    reconnectMaxMs,
    replayResumes: replayResumes - reported.replayResumes,
    checksumProblems: problems - reported.problems,
    serverCloses,
    elapsedMs: nowMs() - markedAtMs,
    cpuUs: cpu.user + cpu.system,
  };
  reported = { reconnects, replayResumes, problems, closes };
  reconnectMaxMs = 0;
  markedAtMs = nowMs();
  markedCpu = process.cpuUsage();
  return result;
}

serve<BookLoadApi>(
  {
    connect: (args) => connectAll(args),
    reconnect: ({ indices }) => reconnectSome(indices),
    report: () => report(),
  },
  { port: 0 },
);
