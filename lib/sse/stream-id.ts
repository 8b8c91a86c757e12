// Broker stream ids (`<ms>-<seq>`, as Redis Streams write them) at the HTTP boundary.
import { z } from 'zod';

const STREAM_ID = /^\d{1,15}-\d{1,15}$/;

/** A stream id from a client (Last-Event-ID, `?lastEventId=`, `?since=`). */
export const streamIdSchema = z.string().regex(STREAM_ID, 'must be a stream id like 1700000000000-0');

/** Whether a string is a well-formed stream id. */
export function isStreamId(value: string): boolean {
  return STREAM_ID.test(value);
}
