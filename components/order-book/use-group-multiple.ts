'use client';
// The ladder's price grouping, remembered per symbol in localStorage (a trader sets BTC to 1 and ETH to
// 0.5 and expects both back). Server rendering and the first paint use the default, then the stored
// choice: useSyncExternalStore keeps that switch free of hydration mismatches.
import { useCallback, useSyncExternalStore } from 'react';
import { DEFAULT_GROUP_MULTIPLE, parseGroupMultiple, type GroupMultiple } from '@/lib/client/group-levels.ts';

const KEY_PREFIX = 'tickwire.book-grouping.';
/** The choices of this page, so the switch works where storage is blocked (private modes, quotas). */
const chosen = new Map<string, GroupMultiple>();
const listeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  // Another tab's choice: storage is the truth again for that symbol.
  const onStorage = (event: StorageEvent): void => {
    if (event.key === null || event.key.startsWith(KEY_PREFIX)) {
      if (event.key) chosen.delete(event.key.slice(KEY_PREFIX.length));
      else chosen.clear();
      onChange();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onStorage);
  };
}

function stored(symbol: string): GroupMultiple {
  const own = chosen.get(symbol);
  if (own !== undefined) return own;
  try {
    return parseGroupMultiple(localStorage.getItem(KEY_PREFIX + symbol));
  } catch {
    return DEFAULT_GROUP_MULTIPLE;
  }
}

export function useGroupMultiple(symbol: string): [GroupMultiple, (multiple: number) => void] {
  const multiple = useSyncExternalStore(
    subscribe,
    () => stored(symbol),
    () => DEFAULT_GROUP_MULTIPLE,
  );
  const choose = useCallback(
    (next: number) => {
      const valid = parseGroupMultiple(next);
      chosen.set(symbol, valid);
      try {
        localStorage.setItem(KEY_PREFIX + symbol, String(valid));
      } catch {
        // Not kept across reloads then; this page still uses it.
      }
      for (const listener of listeners) listener();
    },
    [symbol],
  );
  return [multiple, choose];
}
