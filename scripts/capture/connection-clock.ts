// When the recorder accepted each connection, on one clock for all of them. The recorder times a
// connection's chunks from that connection's own start, which is enough for one connection; a
// capture whose client spreads over several (Engine.IO's long polls beside its WebSocket) needs the
// starts too, to put everything in the order it crossed the wire. The recorder adds each accepted
// connection to its list in the same tick as it starts that connection's clock, so this stamps the
// list's additions.
import { performance } from 'node:perf_hooks';
import type { RecordedConnection, TcpRecorder } from './tcp-recorder.ts';

export interface ConnectionClock {
  /** Milliseconds from the first connection's start to the start of `connection`. */
  startOf(connection: RecordedConnection): number;
  /** Milliseconds from the first connection's start to a chunk time (`atMs`) of `connection`. */
  at(connection: RecordedConnection, atMs: number): number;
}

/** Starts stamping connections; only those the recorder accepts from now on can be timed. */
export function startConnectionClock(recorder: TcpRecorder): ConnectionClock {
  const starts = new Map<RecordedConnection, number>();
  const list = recorder.connections as RecordedConnection[];
  const push = list.push.bind(list);
  list.push = (...added: RecordedConnection[]): number => {
    for (const connection of added) starts.set(connection, performance.now());
    return push(...added);
  };
  const startOf = (connection: RecordedConnection): number => {
    const start = starts.get(connection);
    const first = Math.min(...starts.values());
    if (start === undefined) throw new Error(`connection ${connection.number} was accepted before the clock started (or the recorder no longer adds connections with push)`);
    return start - first;
  };
  return { startOf, at: (connection, atMs) => startOf(connection) + atMs };
}
