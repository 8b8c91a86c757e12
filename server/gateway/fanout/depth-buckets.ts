// Subscribers are grouped by depth bucket so each book view is computed and encoded once per bucket.

/** The smallest bucket that holds `requested` levels (the largest bucket if none does). */
export function bucketFor(requested: number, buckets: readonly number[]): number {
  for (const bucket of buckets) if (bucket >= requested) return bucket;
  return buckets.at(-1) ?? requested;
}
