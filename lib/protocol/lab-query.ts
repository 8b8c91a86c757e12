// The `lab` and `epoch` parameters of the lab's own stream and long-poll requests, the drop request's
// body, and the drop as published to every node.
import { z } from 'zod';
import { labIdSchema } from './messages.ts';

/**
 * A page's drop count: a drop carries the count it makes, a long poll the count when it was sent, so a
 * node can fail a poll that was on its way when the drop went out (it arrives after the drop, so the
 * drop could not end it while held).
 */
const MAX_EPOCH = 1_000_000;

export const labQuerySchema = z.object({ lab: labIdSchema, epoch: z.coerce.number().int().min(0).max(MAX_EPOCH).optional() });
export const dropBodySchema = z.strictObject({ lab: labIdSchema, epoch: z.number().int().min(1).max(MAX_EPOCH) });
export type LabDrop = z.infer<typeof dropBodySchema>;

/** Reads `?lab=` (and `?epoch=` if present) from a request URL. */
export function parseLabQuery(request: Request): ReturnType<typeof labQuerySchema.safeParse> {
  const params = new URL(request.url).searchParams;
  const epoch = params.get('epoch');
  return labQuerySchema.safeParse({ lab: params.get('lab') ?? '', ...(epoch === null ? {} : { epoch }) });
}

/** The broker payload of a drop. */
export function encodeLabDrop(drop: LabDrop): string {
  return JSON.stringify(drop);
}

/** A drop off the broker, or undefined for a payload that is not one. */
export function decodeLabDrop(payload: string): LabDrop | undefined {
  try {
    const parsed = dropBodySchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
