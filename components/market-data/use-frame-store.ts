'use client';
// React's view of a frame store: re-renders at most once per animation frame.
import { useSyncExternalStore } from 'react';
import type { ReadableStore } from '@/lib/client/frame-store.ts';

/** The store's current snapshot; the server render sees the initial one. */
export function useFrameStore<T>(store: ReadableStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
