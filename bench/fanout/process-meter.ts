// Reads a child's CPU time and resident memory from /proc (Linux), from outside the child: a server
// that has fallen behind and is busy for seconds at a time is still measured on time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;
const SAMPLE_EVERY_MS = 50;

/** CPU time (user + system) and RSS of a process now. */
export interface ProcessReading {
  cpuUs: number;
  rssBytes: number;
}

/** Reads /proc/<pid>/stat (utime, stime: fields 14 and 15) and /proc/<pid>/statm (resident pages). */
export function readProcess(pid: number): ProcessReading {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const residentPages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
  return { cpuUs: (ticks / CLOCK_TICKS_PER_S) * 1e6, rssBytes: residentPages * PAGE_BYTES };
}

/** Follows a process's peak RSS between `start` and `stop`, sampling every 50 ms. */
export class PeakRssMeter {
  private peakBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number) {}

  start(): ProcessReading {
    const reading = readProcess(this.pid);
    this.peakBytes = reading.rssBytes;
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    return reading;
  }

  /** Stops sampling; returns the last reading and the peak. */
  stop(): ProcessReading & { peakRssBytes: number } {
    clearInterval(this.timer);
    const reading = this.sample();
    return { ...reading, peakRssBytes: this.peakBytes };
  }

  private sample(): ProcessReading {
    const reading = readProcess(this.pid);
    this.peakBytes = Math.max(this.peakBytes, reading.rssBytes);
    return reading;
  }
}
