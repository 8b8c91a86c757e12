// Reading Redis replies: stream entries in the one-field format this broker writes, delivery counts, error codes.
import type { StreamEntry } from './broker.ts';

/** The single field every entry this broker writes carries its payload in. */
export const DATA_FIELD = 'd';

function parseEntry(raw: unknown): StreamEntry | undefined {
  if (!Array.isArray(raw)) return undefined;
  const [id, fields]: unknown[] = raw;
  if (typeof id !== 'string' || !Array.isArray(fields)) return undefined;
  const [name, data]: unknown[] = fields;
  return name === DATA_FIELD && typeof data === 'string' ? { id, data } : undefined;
}

/** Parses `[[id, [field, value]], ...]`, skipping entries this broker did not write. */
export function parseEntries(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.map(parseEntry).filter((entry): entry is StreamEntry => entry !== undefined);
}

/** Parses an XREADGROUP reply for one stream: `[[key, entries]]` (RESP2 shape) or null. */
export function parseGroupRead(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  const [stream]: unknown[] = raw;
  return Array.isArray(stream) ? parseEntries(stream[1]) : [];
}

/** Parses the delivery count out of `XPENDING key group id id 1`. */
export function parseDeliveries(raw: unknown): number {
  const [row]: unknown[] = Array.isArray(raw) ? raw : [];
  const count: unknown = Array.isArray(row) ? row[3] : undefined;
  return typeof count === 'number' && count > 0 ? count : 1;
}

/** The text of whatever was thrown, to match Redis error codes such as `BUSYGROUP` and `NOGROUP`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
