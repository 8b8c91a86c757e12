import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { english, korean } from '../../helpers/english.ts';
import {
  DEADMAN_OFF,
  describeDeadman,
  onConnectionLost,
  onDeadmanAnswer,
  onOrdersSeen,
  onReconnected,
  requestDeadman,
  restoreDeadman,
  secondsLeft,
  type DeadmanState,
} from '../../../lib/client/deadman-switch.ts';

const armed = (seconds: number): DeadmanState => onDeadmanAnswer(requestDeadman(DEADMAN_OFF, seconds), seconds);

describe("dead-man's switch state", () => {
  it('arms and disarms through the engine answer, showing the request meanwhile', () => {
    const arming = requestDeadman(DEADMAN_OFF, 60);
    assert.deepEqual(arming, { seconds: 0, pending: 60 });
    assert.equal(describeDeadman(arming, 0).tone, 'pending');
    const on = onDeadmanAnswer(arming, 60);
    assert.deepEqual(on, { seconds: 60 });
    assert.equal(english(describeDeadman(on, 0).text), 'Armed: open orders are cancelled 1 min after the connection is lost');
    assert.equal(korean(describeDeadman(on, 0).text), '켜짐: 연결이 끊기고 1분 뒤 미체결 주문이 취소됩니다');
    const off = onDeadmanAnswer(requestDeadman(on, 0), 0);
    assert.deepEqual(off, { seconds: 0 });
    assert.equal(describeDeadman(off, 0).tone, 'off');
  });

  it("follows another socket's answer (the switch is the account's)", () => {
    assert.deepEqual(onDeadmanAnswer(armed(15), 0), { seconds: 0 });
  });

  it('counts down from the loss while disconnected and not while off', () => {
    const lost = onConnectionLost(armed(15), 1_000, ['7', '8']);
    assert.deepEqual(lost, { seconds: 15, lostAt: 1_000, openAtLoss: ['7', '8'] });
    assert.equal(secondsLeft(lost, 1_000), 15);
    assert.equal(secondsLeft(lost, 5_100), 11);
    assert.equal(english(describeDeadman(lost, 5_100).text), 'Connection lost: open orders will be cancelled in 11 s unless the connection returns');
    assert.equal(secondsLeft(lost, 17_000), 0);
    assert.match(english(describeDeadman(lost, 17_000).text) ?? '', /are being cancelled/);
    assert.equal(onConnectionLost(lost, 9_000, []).lostAt, 1_000, 'a second loss does not restart the count');
    assert.deepEqual(onConnectionLost(DEADMAN_OFF, 1_000, ['7']), DEADMAN_OFF);
    assert.equal(secondsLeft(DEADMAN_OFF, 1_000), undefined);
  });

  it('drops an unanswered request when the connection is lost', () => {
    assert.deepEqual(onConnectionLost(requestDeadman(DEADMAN_OFF, 15), 1_000, []), { seconds: 0 });
  });

  it('re-arms the same delay after a reconnect in time', () => {
    const lost = onConnectionLost(armed(15), 1_000, ['7']);
    const back = onReconnected(lost, 10_000);
    assert.equal(back.send, 15);
    assert.deepEqual(back.state, { seconds: 15, pending: 15, openAtLoss: ['7'] });
    assert.deepEqual(onDeadmanAnswer(back.state, 15), { seconds: 15, openAtLoss: ['7'] });
  });

  it('after a reconnect past the delay, disarms so the engine agrees the switch is off', () => {
    const back = onReconnected(onConnectionLost(armed(15), 1_000, ['7']), 16_000);
    assert.equal(back.send, 0);
    assert.equal(onDeadmanAnswer(back.state, 0).seconds, 0);
  });

  it('sends nothing on reconnect when nothing was armed', () => {
    assert.deepEqual(onReconnected(DEADMAN_OFF, 5_000), { state: DEADMAN_OFF, send: undefined });
  });

  it('reads a firing from the refetched orders: the open ones cancelled with DEADMAN_SWITCH', () => {
    const back = onDeadmanAnswer(onReconnected(onConnectionLost(armed(15), 1_000, ['7', '8', '9']), 30_000).state, 0);
    const recent = [
      { orderId: '7', reason: 'DEADMAN_SWITCH' },
      { orderId: '8', reason: 'DEADMAN_SWITCH' },
      { orderId: '9', reason: 'USER_REQUESTED' },
      { orderId: '3', reason: 'DEADMAN_SWITCH' }, // an older firing, not this one
    ];
    const fired = onOrdersSeen(back, recent);
    assert.deepEqual(fired, { seconds: 0, fired: { cancelled: 2 } });
    assert.equal(describeDeadman(fired, 0).tone, 'fired');
    assert.equal(english(describeDeadman(fired, 0).text), 'The switch fired while the connection was lost: 2 open orders were cancelled. Arm it again to stay covered');
    assert.deepEqual(onOrdersSeen(fired, recent), fired, 'counted once');
    // Arming again keeps the notice until answered, then shows the armed switch with it.
    const rearmed = onDeadmanAnswer(requestDeadman(fired, 60), 60);
    assert.equal(describeDeadman(rearmed, 0).tone, 'armed');
  });

  it('waits for the reconnect before reading the orders, and ignores lists without its cancels', () => {
    const lost = onConnectionLost(armed(15), 1_000, ['7']);
    assert.deepEqual(onOrdersSeen(lost, [{ orderId: '7', reason: 'DEADMAN_SWITCH' }]), lost);
    const back = onReconnected(lost, 5_000).state;
    assert.deepEqual(onOrdersSeen(back, [{ orderId: '7', reason: null }]), back);
  });

  it('shows a firing next to a switch that is armed again', () => {
    const back = onReconnected(onConnectionLost(armed(15), 1_000, ['7']), 5_000).state;
    const seen = onDeadmanAnswer(onOrdersSeen(back, [{ orderId: '7', reason: 'DEADMAN_SWITCH' }]), 15);
    const shown = describeDeadman(seen, 0);
    assert.equal(shown.tone, 'armed');
    assert.equal(english(shown.notice), 'The switch fired while the connection was lost: 1 open order was cancelled');
    assert.equal(korean(shown.notice), '연결이 끊긴 동안 스위치가 작동해 미체결 주문 1건이 취소되었습니다');
  });

  it('treats a reload as a loss that began when the old page left', () => {
    assert.deepEqual(restoreDeadman(undefined), DEADMAN_OFF);
    assert.deepEqual(restoreDeadman({ seconds: 0, leftAt: 1, openOrderIds: [] }), DEADMAN_OFF);
    const restored = restoreDeadman({ seconds: 60, leftAt: 1_000, openOrderIds: ['4'] });
    assert.deepEqual(restored, { seconds: 60, lostAt: 1_000, openAtLoss: ['4'] });
    assert.equal(onReconnected(restored, 3_000).send, 60);
    assert.equal(onReconnected(restored, 61_000).send, 0);
  });
});
