// How long a session lives: an idle timeout (since it was last seen) and an absolute lifetime (since
// it was opened). Pure rules, shared by the session store, the cookie and the gateway.

/** The two limits, from SESSION_IDLE_TIMEOUT_MS and SESSION_MAX_AGE_MS. */
export interface SessionPolicy {
  idleTimeoutMs: number;
  maxAgeMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A week idle, a month in all (OWASP asks for both an idle and an absolute timeout). */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleTimeoutMs: 7 * DAY_MS, maxAgeMs: 30 * DAY_MS };

/** "Seen" is written at most this often per session, so a busy client costs no write per request. */
const SEEN_REFRESH_MS = 60_000;

/** A stored session's times, as the store reads them. */
export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** When the session ends for good: its stored expiry, or sooner if the lifetime was lowered since it was opened. */
export function absoluteExpiryMs(times: SessionTimes, policy: SessionPolicy): number {
  return Math.min(times.expiresAt.getTime(), times.createdAt.getTime() + policy.maxAgeMs);
}

/** Whether the session is past either limit at `nowMs`. */
export function isExpired(times: SessionTimes, policy: SessionPolicy, nowMs: number): boolean {
  return nowMs >= absoluteExpiryMs(times, policy) || nowMs >= times.lastSeenAt.getTime() + policy.idleTimeoutMs;
}

/** How stale "seen" may get before a use writes it again: a minute, or a quarter of a shorter idle timeout. */
export function seenRefreshMs(policy: SessionPolicy): number {
  return Math.min(SEEN_REFRESH_MS, Math.floor(policy.idleTimeoutMs / 4));
}

/** Whether a use at `nowMs` should write "seen" again. */
export function needsSeenRefresh(times: SessionTimes, policy: SessionPolicy, nowMs: number): boolean {
  return nowMs - times.lastSeenAt.getTime() >= seenRefreshMs(policy);
}

/** The cookie's Max-Age in seconds: the absolute lifetime left, never negative. */
export function cookieMaxAgeS(expiresAtMs: number, nowMs: number): number {
  return Math.max(0, Math.floor((expiresAtMs - nowMs) / 1000));
}
