// Broker stream ids (`<ms>-<seq>`, as Redis Streams write them) at the HTTP boundary.
import { z } from 'zod';

const STREAM_ID = /^\d{1,15}-\d{1,15}$/;

/** A stream id from a client (Last-Event-ID, `?lastEventId=`, `?since=`). */
export const streamIdSchema = z.string().regex(STREAM_ID, 'must be a stream id like 1700000000000-0');

/** Whether a string is a well-formed stream id. */
export function isStreamId(value: string): boolean {
  return STREAM_ID.test(value);
}

/** Orders two stream ids of the form `<ms>-<seq>`: negative, zero or positive like a comparator. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs === bMs ? aSeq - bSeq : aMs - bMs;
}
