// The web node's side of the drop button: an abort signal for one lab request that fires when the
// client leaves or when a drop for its lab id arrives from any node.
import type { LabDropWatch } from './drop-watch.ts';

/** A request's signal joined with its lab's drop; `isDropped()` tells a drop from the client leaving. */
export interface DroppableRequest {
  signal: AbortSignal;
  isDropped(): boolean;
  release(): void;
}

/** Watches `labId` for the life of a request; `sentAtEpoch` as for `LabDropWatch.watch`. */
export async function droppable(drops: LabDropWatch, labId: string, requestSignal: AbortSignal, sentAtEpoch?: number): Promise<DroppableRequest> {
  const dropped = new AbortController();
  const release = await drops.watch(labId, () => dropped.abort(), sentAtEpoch);
  requestSignal.addEventListener('abort', release, { once: true });
  return { signal: AbortSignal.any([requestSignal, dropped.signal]), isDropped: () => dropped.signal.aborted, release };
}
