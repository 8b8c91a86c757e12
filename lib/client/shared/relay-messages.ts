// What the tabs of one browser and the holder of their shared connection (a SharedWorker, or the
// leader tab) say to each other. Structured-cloned over a MessagePort or a BroadcastChannel; both ends
// come from the same build of the same origin, and each end still checks the shape it reads. A
// SharedWorker also names the lock it holds for its life, which its tabs watch (worker-watchdog.ts).
import type { StateChange } from '../live-socket.ts';
import type { ServerMessage } from '../server-message.ts';

/**
 * Names the channels, locks and worker of the shared connection. Its version changes whenever these
 * messages do, so tabs of two builds never talk to each other's holder.
 */
export const RELAY_PREFIX = 'tickwire-live-v2';

/** A tab's id, unique per page load: random, so two tabs never pick the same. */
export type TabId = string;

/** A tab → holder message. */
export type TabMessage =
  /**
   * The tab is here (on start, and again whenever a new holder takes over). `url`, the gateway's: the
   * tab's live layer runs and wants the socket; without it the tab only wants the index, for now.
   */
  | { t: 'join'; tab: TabId; url?: string }
  /** A request for the gateway: subscriptions, pings and order ops alike. */
  | { t: 'send'; tab: TabId; request: object }
  /** Reconnect the gateway socket, if it is still the one of `generation` (else another tab already did). */
  | { t: 'reconnect'; tab: TabId; reason: string; generation: number }
  /** The tab wants the index stream from after `lastId`, or no longer (`on: false`). */
  | { t: 'index'; tab: TabId; on: boolean; lastId?: string }
  /** The tab's live layer stopped: its subscriptions end (its index may go on). */
  | { t: 'release'; tab: TabId }
  /** The tab is going away (its page is being unloaded). */
  | { t: 'leave'; tab: TabId };

/** A tab message before the tab's id is put on it. */
export type TabMessageBody = TabMessage extends infer M ? (M extends unknown ? Omit<M, 'tab'> : never) : never;

/** The index stream's state as the holder sees it. */
export type IndexLinkStatus = 'connecting' | 'open' | 'error';

/** A holder → tab message. */
export type HolderMessage =
  /** The gateway socket's state; `generation` counts its successful opens. */
  | { t: 'state'; change: StateChange; generation: number }
  /** The gateway closed the socket with this code. */
  | { t: 'close'; code: number }
  /** Gateway messages for this tab, in order, from frames that arrived at `receivedAtMs` (the holder's clock). */
  | { t: 'messages'; messages: ServerMessage[]; receivedAtMs: number }
  /** The index stream opened or failed. */
  | { t: 'index-status'; status: IndexLinkStatus }
  /** One index event: its SSE id and its data as sent. */
  | { t: 'index'; id: string; data: string };

/** SharedWorker → tab, once per port: the lock the worker now holds until it ends (worker-watchdog.ts). */
export interface WorkerLifeMessage {
  t: 'worker';
  lock: string;
}

const TAB_KINDS = new Set(['join', 'send', 'reconnect', 'index', 'release', 'leave']);
const HOLDER_KINDS = new Set(['state', 'close', 'messages', 'index-status', 'index']);

/** A message a tab may have sent, checked field by field where the holder relies on them. */
export function isTabMessage(value: unknown): value is TabMessage {
  if (!isRecord(value) || typeof value.t !== 'string' || !TAB_KINDS.has(value.t) || typeof value.tab !== 'string' || value.tab === '') return false;
  switch (value.t) {
    case 'join':
      return value.url === undefined || typeof value.url === 'string';
    case 'send':
      return isRecord(value.request);
    case 'reconnect':
      return typeof value.reason === 'string' && typeof value.generation === 'number';
    case 'index':
      return typeof value.on === 'boolean' && (value.lastId === undefined || typeof value.lastId === 'string');
    default:
      return true;
  }
}

/** A message the holder may have sent. */
export function isHolderMessage(value: unknown): value is HolderMessage {
  if (!isRecord(value) || typeof value.t !== 'string' || !HOLDER_KINDS.has(value.t)) return false;
  switch (value.t) {
    case 'state':
      return isRecord(value.change) && typeof value.generation === 'number';
    case 'close':
      return typeof value.code === 'number';
    case 'messages':
      return Array.isArray(value.messages) && typeof value.receivedAtMs === 'number';
    case 'index-status':
      return typeof value.status === 'string';
    default:
      return typeof value.id === 'string' && typeof value.data === 'string';
  }
}

export function isWorkerLifeMessage(value: unknown): value is WorkerLifeMessage {
  return isRecord(value) && value.t === 'worker' && typeof value.lock === 'string' && value.lock !== '';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
