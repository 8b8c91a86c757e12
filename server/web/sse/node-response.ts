// The Node response our own HTTP server is answering a request on, visible to the request's route
// handler code. Next pipes a route's body into that response through a WritableStream of its own
// (per chunk: a write request, an async sink call and their promises, each under the async-context
// hooks), which cost an SSE stream more CPU than the socket write itself; an event stream that knows
// the response can write its chunks to it directly, as Next's sink would (see push-stream.ts).
// This is the one seam onto what Next hands a route's body; tests/unit/sse/next-response-seam.test.ts
// checks it through Next's own response path, and `next` is pinned to the minor version it covers.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import { processScoped } from '../../../lib/process-scoped.ts';

// Process-scoped: Next bundles its own copies of these modules, and both must reach the same storage.
function storage(): AsyncLocalStorage<ServerResponse> {
  return processScoped('nodeResponse', () => new AsyncLocalStorage<ServerResponse>());
}

/** Runs `handle` (Next's request handler) with `res` as the response of everything it does for this request. */
export function withNodeResponse<T>(res: ServerResponse, handle: () => T): T {
  return storage().run(res, handle);
}

/**
 * The response of the request being handled, if it is an event stream whose headers are not sent
 * yet: what Next is about to pipe an SSE route's body into. Anything else gets the standard pipe.
 */
export function pendingEventStreamResponse(): ServerResponse | undefined {
  const res = storage().getStore();
  if (!res || res.headersSent || res.destroyed) return undefined;
  const type = res.getHeader('content-type');
  return typeof type === 'string' && type.startsWith('text/event-stream') ? res : undefined;
}
