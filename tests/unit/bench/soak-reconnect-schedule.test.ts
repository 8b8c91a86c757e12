// The soak's reconnect schedule: rounds a quarter of a period in, and a fifth of the clients in turn, so every
// client reconnects once before any reconnects twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconnectRound, reconnectTimesS } from '../../../bench/soak/reconnect-schedule.ts';

describe('soak reconnect times', () => {
  it('starts a round every period, a quarter of a period in, before the end', () => {
    assert.deepEqual(reconnectTimesS(180, 60), [15, 75, 135]);
    assert.deepEqual(reconnectTimesS(1800, 60).length, 30);
  });

  it('puts a round in the first minute, so a one-minute baseline holds one too', () => {
    assert.ok((reconnectTimesS(180, 60)[0] ?? Infinity) < 60);
  });

  it('starts no round as a 30 s window closes', () => {
    assert.ok(reconnectTimesS(1800, 60).every((t) => t % 30 !== 0));
  });

  it('has no round in a run shorter than a quarter of a period', () => {
    assert.deepEqual(reconnectTimesS(10, 60), []);
  });
});

describe('soak reconnect rounds', () => {
  it('takes a fifth of the clients in turn', () => {
    assert.deepEqual(reconnectRound(0, 10, 0.2), [0, 1]);
    assert.deepEqual(reconnectRound(1, 10, 0.2), [2, 3]);
    assert.deepEqual(reconnectRound(4, 10, 0.2), [8, 9]);
    assert.deepEqual(reconnectRound(5, 10, 0.2), [0, 1]);
  });

  it('reconnects every client exactly once in the first five rounds of 1,000', () => {
    const seen = Array.from({ length: 5 }, (_, round) => reconnectRound(round, 1_000, 0.2)).flat();
    assert.equal(seen.length, 1_000);
    assert.equal(new Set(seen).size, 1_000);
  });

  it('wraps around when the share does not divide the clients, never twice before all once', () => {
    const rounds = Array.from({ length: 4 }, (_, round) => reconnectRound(round, 7, 0.4));
    assert.deepEqual(rounds, [
      [0, 1, 2],
      [3, 4, 5],
      [6, 0, 1],
      [2, 3, 4],
    ]);
    assert.equal(new Set(rounds.flat().slice(0, 7)).size, 7);
  });

  it('takes at least one client, at most all of them, and none of none', () => {
    assert.deepEqual(reconnectRound(3, 3, 0.01), [0]);
    assert.deepEqual(reconnectRound(0, 3, 1), [0, 1, 2]);
    assert.deepEqual(reconnectRound(0, 0, 0.2), []);
    assert.deepEqual(reconnectRound(0, 5, 0), []);
  });
});
