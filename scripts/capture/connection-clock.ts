// When the recorder accepted each connection, on one clock for all of them. A connection's chunks are
// timed from its own start, which is enough for one connection; a capture whose client spreads over
// several (Engine.IO's long polls beside its WebSocket) puts everything in the order it crossed the
// wire by adding each connection's start.
import type { RecordedConnection, TcpRecorder } from './tcp-recorder.ts';

export interface ConnectionClock {
  /** Milliseconds from the first connection's start to the start of `connection`. */
  startOf(connection: RecordedConnection): number;
  /** Milliseconds from the first connection's start to a chunk time (`atMs`) of `connection`. */
  at(connection: RecordedConnection, atMs: number): number;
}

/** The clock of a recorder's connections, counted from the first one it accepted. */
export function startConnectionClock(recorder: TcpRecorder): ConnectionClock {
  const startOf = (connection: RecordedConnection): number => connection.startedAtMs - Math.min(...recorder.connections.map((c) => c.startedAtMs));
  return { startOf, at: (connection, atMs) => startOf(connection) + atMs };
}
