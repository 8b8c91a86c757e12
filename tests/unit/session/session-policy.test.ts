import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { absoluteExpiryMs, cookieMaxAgeS, DEFAULT_SESSION_POLICY, isExpired, needsSeenRefresh, seenRefreshMs } from '../../../lib/session/session-policy.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('session expiry rules', () => {
  const policy = { idleTimeoutMs: 7 * DAY, maxAgeMs: 30 * DAY };
  const opened = Date.UTC(2026, 0, 1);
  const session = (seenAfterMs: number, lifetimeMs = policy.maxAgeMs) => ({
    createdAt: new Date(opened),
    lastSeenAt: new Date(opened + seenAfterMs),
    expiresAt: new Date(opened + lifetimeMs),
  });

  it('defaults to a week idle and a month in all', () => {
    assert.deepEqual(DEFAULT_SESSION_POLICY, policy);
  });

  it('ends a session idle for the idle timeout, counted from when it was last seen', () => {
    assert.equal(isExpired(session(0), policy, opened + 7 * DAY - 1), false);
    assert.equal(isExpired(session(0), policy, opened + 7 * DAY), true);
    assert.equal(isExpired(session(5 * DAY), policy, opened + 11 * DAY), false);
  });

  it('ends a session at its absolute expiry however recently it was seen', () => {
    assert.equal(isExpired(session(30 * DAY - MINUTE), policy, opened + 30 * DAY - 1), false);
    assert.equal(isExpired(session(30 * DAY - MINUTE), policy, opened + 30 * DAY), true);
  });

  it('ends a session sooner when the lifetime was lowered after it was opened, never later when raised', () => {
    assert.equal(absoluteExpiryMs(session(0), { idleTimeoutMs: DAY, maxAgeMs: 2 * DAY }), opened + 2 * DAY);
    assert.equal(absoluteExpiryMs(session(0), { idleTimeoutMs: DAY, maxAgeMs: 90 * DAY }), opened + 30 * DAY);
  });

  it('writes "seen" at most once a minute, or every quarter of a shorter idle timeout', () => {
    assert.equal(seenRefreshMs(policy), MINUTE);
    assert.equal(seenRefreshMs({ idleTimeoutMs: 2000, maxAgeMs: 4000 }), 500);
    assert.equal(needsSeenRefresh(session(0), policy, opened + MINUTE - 1), false);
    assert.equal(needsSeenRefresh(session(0), policy, opened + MINUTE), true);
  });

  it("sets the cookie's Max-Age to the whole seconds left, never below zero", () => {
    assert.equal(cookieMaxAgeS(opened + 30 * DAY, opened), 2_592_000);
    assert.equal(cookieMaxAgeS(opened + 1999, opened), 1);
    assert.equal(cookieMaxAgeS(opened, opened + 5000), 0);
  });
});
