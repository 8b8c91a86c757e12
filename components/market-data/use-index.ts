'use client';
// The composite index and quotes (SSE), shared by every component of the page, and by every tab of the
// browser when they share their connection (lib/client/shared).
import { useEffect } from 'react';
import { IndexFeed, type IndexState } from '@/lib/client/index-feed.ts';
import { browserTabSession } from '@/lib/client/shared/browser-sharing.ts';
import { useFrameStore } from './use-frame-store.ts';

// One EventSource per page however many components show quotes (or one per browser, held for all its
// tabs); created on first use in the browser.
let shared: IndexFeed | undefined;
function indexFeed(): IndexFeed {
  shared ??= new IndexFeed(undefined, browserTabSession()?.indexSource);
  return shared;
}

/** The latest index tick with every instrument's last price and 24h change. */
export function useIndex(): IndexState {
  const feed = indexFeed();
  useEffect(() => feed.acquire(), [feed]);
  return useFrameStore(feed.store);
}
