// The soak's time series: one table row per window, the level metrics beside the traffic.
import type { Row } from '../lib/report.ts';
import { formatLevel, type LevelMetric, type SoakWindow } from './soak-window.ts';

const percent = (v: number): string => v.toFixed(0);

/** The row of each window; metrics sharing a column are joined with " / ", in the order given. */
export function seriesRows(windows: readonly SoakWindow[], metrics: readonly LevelMetric[], clients: number): Row[] {
  const columns = [...new Set(metrics.map((m) => m.column))];
  return windows.map((w) => {
    const levels: Row = {};
    for (const column of columns) {
      levels[column] = metrics
        .filter((m) => m.column === column)
        .map((m) => formatLevel(m, w.levels[m.key]))
        .join(' / ');
    }
    const closes = Object.entries(w.books.serverCloses).map(([code, n]) => `${n}×${code}`).join(' ');
    return {
      '#': w.index,
      't s': Math.round(w.endS),
      load: w.load1m.toFixed(2),
      ...levels,
      'feed/s': Math.round(w.published / w.seconds),
      'delivered/s': Math.round(w.books.delivered / w.seconds),
      // Every client getting every delta published in the window is 100 %; replays after a reconnect land in the window they arrive in.
      '% of all': w.published === 0 ? '-' : ((100 * w.books.delivered) / (w.published * clients)).toFixed(1),
      lost: w.books.lost,
      doubled: w.books.doubled,
      'reconnects (replayed, max ms)': `${w.books.reconnects} (${w.books.replayResumes}, ${Math.round(w.books.reconnectMaxMs)})`,
      'snapshot resyncs': w.books.newEpochs > 0 ? `${w.books.resyncs} (${w.books.newEpochs} new epoch)` : String(w.books.resyncs),
      'checksum problems': w.books.checksumProblems + w.books.foreignEpoch,
      subscribed: w.books.reconnecting > 0 ? `${w.books.subscribed} +${w.books.reconnecting} reconnecting` : String(w.books.subscribed),
      'server closes': closes || '-',
      orders: w.orders.sent,
      answered: w.orders.answered,
      refused: w.orders.refused,
      'orders doubled': w.orders.doubled,
      waiting: w.orders.waiting,
      'loadgen CPU %': percent(w.cpuPercent.loadgen),
      'gateways CPU %': percent(w.cpuPercent.gateways),
      'engine CPU %': percent(w.cpuPercent.engine),
      'feed CPU %': percent(w.cpuPercent.feed),
    };
  });
}
