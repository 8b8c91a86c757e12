// What every capture module hands back, and what it is given: adding a transport to the captures is
// one module that exports a CaptureSection, one line in scripts/capture-transports.ts, and a pair of
// `<!-- capture:NAME -->` markers in docs/transports.md for each capture it returns.
import type { TcpRecorder } from './tcp-recorder.ts';

export interface Capture {
  /** The marker name in the doc: `<!-- capture:NAME -->`. */
  name: string;
  /** The captured text; the script puts it in a fenced code block between the markers. */
  text: string;
}

export interface CaptureContext {
  /** The app itself, for set-up requests that are not part of any capture. */
  appUrl: string;
  /** A fresh recorder in front of the app: what goes through it is what the capture shows. */
  recorder: TcpRecorder;
}

export type CaptureSection = (context: CaptureContext) => Promise<Capture[]>;
