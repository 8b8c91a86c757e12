// Encoded-once frames: one Buffer built per channel message and handed, unchanged, to every subscriber.
import type { MarketMessage } from '../../../lib/protocol/messages.ts';

/** The bytes of one text frame: a JSON object, or a JSON array of objects (a coalesced batch). */
export interface SharedFrame {
  readonly data: Buffer;
  /** How many protocol messages it carries. */
  readonly count: number;
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** Encodes one message. */
export function encodeFrame(message: MarketMessage): SharedFrame {
  return { data: Buffer.from(JSON.stringify(message)), count: 1 };
}

/** Wraps JSON that is already encoded (a broker payload forwarded as it is). */
export function rawFrame(json: string): SharedFrame {
  return { data: Buffer.from(json), count: 1 };
}

/** Joins frames, in order, into one array frame; array frames are spliced in (their brackets dropped, no re-encoding). */
export function joinFrames(frames: readonly SharedFrame[]): SharedFrame {
  if (frames.length === 1 && frames[0]) return frames[0];
  const parts: Buffer[] = [OPEN];
  let count = 0;
  for (const frame of frames) {
    if (count > 0) parts.push(COMMA);
    parts.push(frame.count > 1 ? frame.data.subarray(1, frame.data.length - 1) : frame.data);
    count += frame.count;
  }
  parts.push(CLOSE);
  return { data: Buffer.concat(parts), count };
}
