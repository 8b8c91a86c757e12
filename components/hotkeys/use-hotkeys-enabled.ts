'use client';
// Whether the keyboard shortcuts are on: remembered in localStorage (default on), the same in every
// tab (the storage event), and kept in memory when storage is refused (private mode).
import { useSyncExternalStore } from 'react';
import { HOTKEYS_STORAGE_KEY, parseEnabled } from '@/lib/client/hotkeys.ts';

const listeners = new Set<() => void>();
let inMemory: boolean | undefined;

function read(): boolean {
  if (inMemory !== undefined) return inMemory;
  try {
    return parseEnabled(localStorage.getItem(HOTKEYS_STORAGE_KEY));
  } catch {
    return true;
  }
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  const onStorage = (event: StorageEvent): void => {
    if (event.key !== HOTKEYS_STORAGE_KEY && event.key !== null) return;
    inMemory = undefined;
    onChange();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onStorage);
  };
}

export function setHotkeysEnabled(isEnabled: boolean): void {
  inMemory = isEnabled;
  try {
    localStorage.setItem(HOTKEYS_STORAGE_KEY, isEnabled ? 'on' : 'off');
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  for (const listener of listeners) listener();
}

export function useHotkeysEnabled(): boolean {
  return useSyncExternalStore(subscribe, read, () => true);
}
