'use client';
// The composite index and quotes (SSE), shared by every component of the page.
import { useEffect } from 'react';
import { IndexFeed, type IndexState } from '@/lib/client/index-feed.ts';
import { useFrameStore } from './use-frame-store.ts';

// One EventSource per page however many components show quotes; created on first use in the browser.
let shared: IndexFeed | undefined;
function indexFeed(): IndexFeed {
  shared ??= new IndexFeed();
  return shared;
}

/** The latest index tick with every instrument's last price and 24h change. */
export function useIndex(): IndexState {
  const feed = indexFeed();
  useEffect(() => feed.acquire(), [feed]);
  return useFrameStore(feed.store);
}
