// What one measuring client of the transports benchmark counts, shared by every transport so the rows
// compare: bytes both ways read from the client's own sockets (net.Socket bytesRead + bytesWritten:
// headers, chunk and frame overhead included), HTTP requests, and each index entry once with its
// publish-to-receive delay (the entry id's first half is Redis's clock at the append).
import type { Socket } from 'node:net';

/** What a client measured. */
export interface TransportTally {
  bytes: number;
  requests: number;
  updates: number;
  latencyMs: number[];
}

/** A measuring client; `stop()` ends it and returns its tally. */
export interface TransportClient {
  stop(): Promise<TransportTally>;
}

/** The running count of one client. */
export class Tally {
  readonly sockets = new Set<Socket>();
  requests = 0;
  updates = 0;
  readonly latencyMs: number[] = [];
  private lastId = '';

  /** Counts an entry once, by id (ids compare as `<ms>-<seq>`). */
  entry(id: string): void {
    const [ms = 0, seq = 0] = id.split('-').map(Number);
    const [lastMs = 0, lastSeq = -1] = this.lastId ? this.lastId.split('-').map(Number) : [];
    if (ms < lastMs || (ms === lastMs && seq <= lastSeq)) return;
    this.lastId = id;
    this.updates += 1;
    this.latencyMs.push(Date.now() - ms);
  }
  get last(): string {
    return this.lastId;
  }
  result(): TransportTally {
    const bytes = [...this.sockets].reduce((sum, s) => sum + s.bytesRead + s.bytesWritten, 0);
    return { bytes, requests: this.requests, updates: this.updates, latencyMs: this.latencyMs };
  }
}
