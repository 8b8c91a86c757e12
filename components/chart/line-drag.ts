// Moving an order's line on the chart to amend its price, as a state machine: grab and drag (or step
// with the arrow keys), release (or Enter) to ask for confirmation, confirm to send the amend, then
// wait for the engine's answer and for the account cache to show the new price. Pure: the overlay
// turns pointer and key events into these events and draws what the state says.
import type { Ticks } from '../../lib/market/units.ts';
import { stepTicks } from './price-ticks.ts';

interface Move {
  orderId: string;
  /** The order's price when the move began. */
  from: Ticks;
  /** Where the line stands now. */
  to: Ticks;
}

export type LineDrag =
  | { phase: 'idle' }
  /** The line follows the pointer, or the arrow keys. */
  | (Move & { phase: 'moving'; via: 'pointer' | 'keyboard' })
  /** Released at a new price: "Move buy 0.01 from … to …?" */
  | (Move & { phase: 'confirming'; via: 'pointer' | 'keyboard' })
  /** The amend is on its way; `isAmended` once the engine said yes (then the cache still has to catch up). */
  | (Move & { phase: 'sending'; requestId: string; isAmended: boolean });

export type LineDragEvent =
  /** Pointer down on a line's handle; `at` is the order's price now. */
  | { type: 'grab'; orderId: string; at: Ticks }
  /** The pointer is over this price. */
  | { type: 'move'; to: Ticks }
  /** Pointer up. */
  | { type: 'release' }
  /** An arrow key on a handle: `step` ticks (negative is down). */
  | { type: 'step'; orderId: string; at: Ticks; step: number }
  /** Enter on the handle after stepping it. */
  | { type: 'commit' }
  /** The user confirmed; the amend goes out with this request id. */
  | { type: 'confirm'; requestId: string }
  /** Escape, the Cancel button, or a click outside the confirmation. */
  | { type: 'cancel' }
  /** Focus left a handle: a keyboard move of that order is dropped. */
  | { type: 'leave'; orderId: string }
  /** The engine's answer to the request. */
  | { type: 'amended'; requestId: string }
  | { type: 'rejected'; requestId: string }
  /** No answer in time, or the cache never showed the new price: stop waiting. */
  | { type: 'expire'; requestId: string }
  /** The account cache's open orders now: each order's price in ticks (undefined when it has none on the grid). */
  | { type: 'synced'; prices: ReadonlyMap<string, Ticks | undefined> };

export const IDLE: LineDrag = { phase: 'idle' };

export function reduceLineDrag(state: LineDrag, event: LineDragEvent): LineDrag {
  switch (event.type) {
    case 'grab':
      // One move at a time: a grab while an amend is on its way waits for its answer.
      if (state.phase === 'sending' || state.phase === 'moving') return state;
      return { phase: 'moving', via: 'pointer', orderId: event.orderId, from: event.at, to: event.at };
    case 'move':
      return state.phase === 'moving' && state.via === 'pointer' && event.to !== state.to ? { ...state, to: event.to } : state;
    case 'release':
      if (state.phase !== 'moving' || state.via !== 'pointer') return state;
      // A click without a move is not an amend.
      return state.to === state.from ? IDLE : { ...state, phase: 'confirming' };
    case 'step': {
      if (event.step === 0) return state;
      if (state.phase === 'moving' && state.via === 'keyboard' && state.orderId === event.orderId) return { ...state, to: stepTicks(state.to, event.step) };
      if (state.phase !== 'idle') return state;
      return { phase: 'moving', via: 'keyboard', orderId: event.orderId, from: event.at, to: stepTicks(event.at, event.step) };
    }
    case 'commit':
      if (state.phase !== 'moving' || state.via !== 'keyboard') return state;
      return state.to === state.from ? IDLE : { ...state, phase: 'confirming' };
    case 'confirm':
      if (state.phase !== 'confirming') return state;
      return { phase: 'sending', orderId: state.orderId, from: state.from, to: state.to, requestId: event.requestId, isAmended: false };
    case 'cancel':
      // Once sent, only the engine's answer ends it.
      return state.phase === 'moving' || state.phase === 'confirming' ? IDLE : state;
    case 'leave':
      return state.phase === 'moving' && state.via === 'keyboard' && state.orderId === event.orderId ? IDLE : state;
    case 'amended':
      return state.phase === 'sending' && state.requestId === event.requestId ? { ...state, isAmended: true } : state;
    case 'rejected':
    case 'expire':
      return state.phase === 'sending' && state.requestId === event.requestId ? IDLE : state;
    case 'synced':
      return onSynced(state, event.prices);
  }
}

function onSynced(state: LineDrag, prices: ReadonlyMap<string, Ticks | undefined>): LineDrag {
  if (state.phase === 'idle') return state;
  // Filled or cancelled meanwhile: nothing left to move.
  if (!prices.has(state.orderId)) return IDLE;
  // Amended and the cache shows it: the line now stands at its new price on its own.
  if (state.phase === 'sending' && state.isAmended && prices.get(state.orderId) === state.to) return IDLE;
  return state;
}

/** Where an order's line stands: where the move put it, else at the order's price. */
export function displayedTicks(state: LineDrag, orderId: string, orderTicks: Ticks): Ticks {
  return state.phase !== 'idle' && state.orderId === orderId ? state.to : orderTicks;
}

/** The order being moved, if any. */
export function movingOrderId(state: LineDrag): string | undefined {
  return state.phase === 'idle' ? undefined : state.orderId;
}
