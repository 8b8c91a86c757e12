// The deflate pair's verdicts: the same clients of the JSON gateway without, then with
// permessage-deflate, in one run. Wire bytes per delivered delta must shrink at least 3×, the server's
// CPU per delivered delta may grow at most 1.2×, and the books checked on both must be exact.
import type { Row } from '../lib/report.ts';
import type { WindowRow } from './window-row.ts';

const MIN_BYTES_RATIO = 3;
const MAX_CPU_RATIO = 1.2;

const verdict = (isMet: boolean): string => (isMet ? 'met' : 'MISSED');
const fixed = (n: number, digits = 2): string => n.toFixed(digits);
const books = (w: WindowRow): string => `${w.books.verified.toLocaleString('en-US')} deltas on ${w.books.checked} sockets, ${w.books.problems} problems`;

/** One row per target and rate of the pair (the targets are at the stressful rate; the calm one is reported). */
export function deflateTargetRows(windows: WindowRow[]): Row[] {
  const pair = windows.filter((w) => w.isDeflatePair && w.scenario === 'all reading');
  const rates = [...new Set(pair.map((w) => w.targetRate))].sort((a, b) => a - b);
  const stress = rates.at(-1);
  const rows: Row[] = [];
  for (const rate of rates) {
    const plain = pair.find((w) => w.server === 'gateway' && w.targetRate === rate);
    const deflate = pair.find((w) => w.server === 'gateway-deflate' && w.targetRate === rate);
    if (!plain || !deflate) continue;
    const isTarget = rate === stress;
    const where = `${deflate.clients} clients × ${rate}/s`;
    const bytesRatio = deflate.wireBytesPerDelta > 0 ? plain.wireBytesPerDelta / deflate.wireBytesPerDelta : 0;
    const cpuRatio = plain.cpuUsPerDelta > 0 ? deflate.cpuUsPerDelta / plain.cpuUsPerDelta : Infinity;
    rows.push({
      target: `wire bytes per delivered delta, plain ÷ deflate, ${where}`,
      goal: isTarget ? `≥ ${MIN_BYTES_RATIO}×` : 'reported',
      measured: `${fixed(bytesRatio, 1)}× (${Math.round(plain.wireBytesPerDelta)} → ${Math.round(deflate.wireBytesPerDelta)} B; delivered ${fixed(plain.deliveredPercent, 1)} % / ${fixed(deflate.deliveredPercent, 1)} %)`,
      verdict: isTarget ? verdict(bytesRatio >= MIN_BYTES_RATIO) : '-',
    });
    const serverCpuMs = deflate.serverCpuPercent * 10 * deflate.windowSeconds;
    const { compressions, cpuMs } = deflate.deflate;
    rows.push({
      target: `compressing, ${where}`,
      goal: 'reported',
      measured: `${compressions.toLocaleString('en-US')} frames in ${fixed(deflate.windowSeconds, 1)} s, ${fixed(cpuMs, 0)} ms in zlib (wall clock, so a busy machine inflates it): ${fixed(compressions > 0 ? (1000 * cpuMs) / compressions : 0, 1)} µs a frame, ${fixed(serverCpuMs > 0 ? (100 * cpuMs) / serverCpuMs : 0, 1)} % of the server's CPU`,
      verdict: '-',
    });
    rows.push({
      target: `server CPU per delivered delta, deflate ÷ plain, ${where}`,
      goal: isTarget ? `≤ ${MAX_CPU_RATIO}×` : 'reported',
      measured: `${fixed(cpuRatio)}× (${fixed(plain.cpuUsPerDelta, 3)} → ${fixed(deflate.cpuUsPerDelta, 3)} µs; server ${Math.round(plain.serverCpuPercent)} % / ${Math.round(deflate.serverCpuPercent)} % of a core; load ${fixed(plain.machineLoad)} / ${fixed(deflate.machineLoad)})`,
      verdict: isTarget ? verdict(cpuRatio <= MAX_CPU_RATIO) : '-',
    });
  }
  const last = (server: WindowRow['server']): WindowRow | undefined => pair.filter((w) => w.server === server).at(-1);
  const [plain, deflate] = [last('gateway'), last('gateway-deflate')];
  if (plain && deflate) {
    const isExact = [plain, deflate].every((w) => w.books.checked > 0 && w.books.verified > 0 && w.books.problems === 0);
    rows.push({ target: 'books verified by seq and checksum, plain and deflate clients', goal: '0 problems', measured: `plain: ${books(plain)}; deflate: ${books(deflate)}`, verdict: verdict(isExact) });
    rows.push({ target: 'server RSS per idle subscribed connection, plain and deflate', goal: 'reported', measured: `${fixed(plain.idleKbPerConnection, 1)} KB / ${fixed(deflate.idleKbPerConnection, 1)} KB`, verdict: '-' });
  }
  return rows;
}
