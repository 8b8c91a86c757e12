'use client';
// "Click a price to fill the order form": the book publishes a picked price, the order form takes it.
import { createContext, useContext, useState, type ReactNode } from 'react';
import { ValueStore } from '@/lib/client/frame-store.ts';

/** A price picked from the book; `nonce` makes picking the same price twice a new event. */
export interface PricePick {
  price: string;
  nonce: number;
}

const PickContext = createContext<ValueStore<PricePick | null> | null>(null);

export function PricePickProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => new ValueStore<PricePick | null>(null));
  return <PickContext.Provider value={store}>{children}</PickContext.Provider>;
}

/** The shared pick store; throws outside the provider (a wiring bug). */
export function usePricePickStore(): ValueStore<PricePick | null> {
  const store = useContext(PickContext);
  if (!store) throw new Error('usePricePickStore must be used inside <PricePickProvider>');
  return store;
}

/** Publishes a picked price. */
export function pickPrice(store: ValueStore<PricePick | null>, price: string): void {
  store.set({ price, nonce: (store.current?.nonce ?? 0) + 1 });
}
