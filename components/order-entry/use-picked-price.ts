'use client';
// Calls back with each price picked from the book after this component mounted.
import { useEffect, useRef } from 'react';
import { usePricePickStore } from './price-pick.tsx';

export function usePickedPrice(onPick: (price: string) => void): void {
  const store = usePricePickStore();
  const latest = useRef(onPick);
  useEffect(() => {
    latest.current = onPick;
  });
  useEffect(() => {
    let seen = store.current?.nonce ?? 0;
    return store.subscribe(() => {
      const pick = store.get();
      if (!pick || pick.nonce === seen) return;
      seen = pick.nonce;
      latest.current(pick.price);
    });
  }, [store]);
}
