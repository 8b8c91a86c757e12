'use client';
// Whether the page has hydrated: false in the server render and the hydrating render, true after, so a
// value only the browser knows (a random id, the clock) is shown without the two renders differing.
import { useSyncExternalStore } from 'react';

function subscribeToNothing(): () => void {
  return () => undefined;
}

/** True once React has hydrated the component (React re-renders it with the client snapshot). */
export function useIsHydrated(): boolean {
  return useSyncExternalStore(subscribeToNothing, () => true, () => false);
}
