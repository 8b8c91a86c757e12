// Whether (and how) this page shares the browser's one gateway socket and index stream with the other
// tabs: through a SharedWorker where the browser has one, else through a leader tab (Web Locks and
// BroadcastChannel), else not at all. `?shared=0` turns sharing off for the page (measurements that
// want a connection of the page's own); `?shared=worker` and `?shared=tabs` pick the way.
import { holderChannelOf } from './holder-channel.ts';
import { RELAY_PREFIX } from './relay-messages.ts';
import { newTabId, TabSession, type LockManagerLike } from './tab-session.ts';

export type SharingMode = 'worker' | 'tabs' | 'off';

/** What the browser offers. */
export interface SharingFeatures {
  sharedWorker: boolean;
  locks: boolean;
  broadcastChannel: boolean;
}

/** The way to share for a page's query string and the browser's features. */
export function sharingModeFor(search: string, features: SharingFeatures): SharingMode {
  const asked = new URLSearchParams(search).get('shared');
  if (asked === '0' || asked === 'off' || asked === 'false') return 'off';
  // Without locks the holder could not tell a crashed tab from a quiet one, nor elect a leader.
  if (!features.locks) return 'off';
  const canWorker = features.sharedWorker;
  const canTabs = features.broadcastChannel;
  if (asked === 'tabs') return canTabs ? 'tabs' : canWorker ? 'worker' : 'off';
  return canWorker ? 'worker' : canTabs ? 'tabs' : 'off';
}

let session: TabSession | null | undefined;
let mode: SharingMode = 'off';

/** This page's share of the connection, made on first use; undefined when not sharing (or not in a browser). */
export function browserTabSession(): TabSession | undefined {
  if (session !== undefined) return session ?? undefined;
  if (typeof window === 'undefined') return undefined;
  const locks = (navigator as Navigator & { locks?: LockManagerLike }).locks;
  mode = sharingModeFor(location.search, { sharedWorker: typeof SharedWorker === 'function', locks: locks !== undefined, broadcastChannel: typeof BroadcastChannel === 'function' });
  if (mode === 'off' || !locks) {
    session = null;
    return undefined;
  }
  const tab = newTabId();
  const created = new TabSession(tab, holderChannelOf(mode, tab, locks), locks, RELAY_PREFIX);
  session = created;
  // The holder forgets a closed tab when its lock goes; saying so first spares it the wait.
  window.addEventListener('pagehide', () => created.leave());
  // A page restored from the back-forward cache left its holder on the way in: start it afresh.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) location.reload();
  });
  return created;
}

/** How this page shares its connection (for the status line and the tests). */
export function browserSharingMode(): SharingMode {
  browserTabSession();
  return mode;
}
