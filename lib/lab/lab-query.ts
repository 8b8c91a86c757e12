// The `lab` parameter of the lab's own stream and long-poll requests, and the drop request's body.
import { z } from 'zod';
import { labIdSchema } from '../protocol/messages.ts';

export const labQuerySchema = z.object({ lab: labIdSchema });
export const dropBodySchema = z.strictObject({ lab: labIdSchema });

/** Reads `?lab=` from a request URL. */
export function parseLabQuery(request: Request): ReturnType<typeof labQuerySchema.safeParse> {
  return labQuerySchema.safeParse({ lab: new URL(request.url).searchParams.get('lab') ?? '' });
}
