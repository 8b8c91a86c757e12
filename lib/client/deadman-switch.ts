// The dead-man's switch as the page sees it (docs/protocol.md, `order.deadman`): the delay the engine
// confirmed, a request in flight, the moment the connection was lost and which orders were open then.
// The engine counts from when the account's last socket closed and disarms the switch once it fires;
// this page only knows when it lost its own connection, so after a reconnect it settles the doubt by
// sending the state it shows (the delay again, or 0 when the delay ran out) and reads the fired
// cancels from the orders list. Pure: the component feeds it events and the clock; what it says is
// message keys (lib/client/ui-text.ts).
import { uiText, type UiText } from './ui-text.ts';

/** The delays the control offers, in seconds (the protocol allows 3–3600). */
export const DEADMAN_CHOICES = [15, 60, 300] as const;

/** The engine's cancel reason for orders the switch cancelled. */
export const DEADMAN_REASON = 'DEADMAN_SWITCH';

export interface DeadmanState {
  /** The delay in force as far as this page knows (0: off). */
  seconds: number;
  /** A delay asked for and not yet answered (0: disarming). */
  pending?: number;
  /** Epoch ms the connection was lost while armed; cleared on reconnect. */
  lostAt?: number;
  /** Ids of the orders open when the connection was lost: the ones a firing would cancel. */
  openAtLoss?: readonly string[];
  /** The switch fired while this page was away: how many of its orders it cancelled. */
  fired?: { cancelled: number };
}

export const DEADMAN_OFF: DeadmanState = { seconds: 0 };

/** The user arms (seconds > 0) or disarms (0): the request to send, and the state while it is answered. */
export function requestDeadman(state: DeadmanState, seconds: number): DeadmanState {
  return { seconds: state.seconds, pending: seconds, ...(state.openAtLoss === undefined ? {} : { openAtLoss: state.openAtLoss }) };
}

/** The engine's `order.deadman` answer (to this page's request or another socket's of the account). */
export function onDeadmanAnswer(state: DeadmanState, seconds: number): DeadmanState {
  const { pending: _answered, ...rest } = state;
  return { ...rest, seconds };
}

/** The connection dropped: while armed, the countdown starts now. */
export function onConnectionLost(state: DeadmanState, now: number, openOrderIds: readonly string[]): DeadmanState {
  const { pending: _unanswered, ...rest } = state;
  if (state.seconds === 0 || state.lostAt !== undefined) return rest;
  return { ...rest, lostAt: now, openAtLoss: [...openOrderIds] };
}

/**
 * The connection is back: the state to show and the delay to send so the engine agrees with it — the
 * same delay when it came back in time (the switch is still armed), 0 when the delay ran out (the
 * engine fired or is about to; either way the switch ends off, to be armed again by the user).
 */
export function onReconnected(state: DeadmanState, now: number): { state: DeadmanState; send: number | undefined } {
  if (state.lostAt === undefined) return { state, send: undefined };
  const { lostAt, ...rest } = state;
  const send = now - lostAt < state.seconds * 1000 ? state.seconds : 0;
  return { state: { ...rest, seconds: send, pending: send }, send };
}

/** The orders list after a refetch: the orders open at the loss that the switch cancelled mean it fired. */
export function onOrdersSeen(state: DeadmanState, recent: readonly { orderId: string; reason?: string | null }[]): DeadmanState {
  if (state.openAtLoss === undefined || state.lostAt !== undefined) return state;
  const wasOpen = new Set(state.openAtLoss);
  const cancelled = recent.filter((order) => order.reason === DEADMAN_REASON && wasOpen.has(order.orderId)).length;
  if (cancelled === 0) return state;
  const { openAtLoss: _checked, ...rest } = state;
  return { ...rest, fired: { cancelled } };
}

/** Whole seconds left before the engine cancels, while the connection is lost (0 once it ran out). */
export function secondsLeft(state: DeadmanState, now: number): number | undefined {
  if (state.lostAt === undefined) return undefined;
  return Math.max(0, Math.ceil((state.lostAt + state.seconds * 1000 - now) / 1000));
}

/** "15 s", "1 min", "5 min". */
export function formatDelay(seconds: number): UiText {
  return seconds % 60 === 0 ? uiText('deadman.minutes', { n: seconds / 60 }) : uiText('deadman.seconds', { n: seconds });
}

export type DeadmanTone = 'off' | 'pending' | 'armed' | 'counting' | 'fired';

/** What the control says; `notice`: the last firing, until the user arms or disarms again. */
export function describeDeadman(state: DeadmanState, now: number): { tone: DeadmanTone; text: UiText; notice?: UiText } {
  const status = describeStatus(state, now);
  if (!state.fired) return status;
  const count = state.fired.cancelled;
  return state.seconds > 0 || state.pending !== undefined || status.tone === 'counting'
    ? { ...status, notice: uiText('deadman.fired', { count }) }
    : { tone: 'fired', text: uiText('deadman.firedArmAgain', { count }) };
}

function describeStatus(state: DeadmanState, now: number): { tone: DeadmanTone; text: UiText } {
  const left = secondsLeft(state, now);
  if (left !== undefined) return { tone: 'counting', text: left > 0 ? uiText('deadman.counting', { seconds: left }) : uiText('deadman.expired') };
  if (state.pending !== undefined) return { tone: 'pending', text: state.pending > 0 ? uiText('deadman.arming', { delay: formatDelay(state.pending) }) : uiText('deadman.disarming') };
  if (state.seconds > 0) return { tone: 'armed', text: uiText('deadman.armed', { delay: formatDelay(state.seconds) }) };
  return { tone: 'off', text: uiText('deadman.idle') };
}

/** What a tab keeps across a reload (sessionStorage): an armed delay and when the page went away. */
export interface SavedDeadman {
  seconds: number;
  leftAt: number;
  openOrderIds: readonly string[];
}

/** The state a reloaded page starts from: a reload is a lost connection that began when the old page left. */
export function restoreDeadman(saved: SavedDeadman | undefined): DeadmanState {
  if (!saved || !(saved.seconds > 0) || !Number.isFinite(saved.leftAt)) return DEADMAN_OFF;
  return { seconds: saved.seconds, lostAt: saved.leftAt, openAtLoss: [...saved.openOrderIds] };
}
