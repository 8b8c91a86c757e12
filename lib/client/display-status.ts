// The one status word the page shows for its live data, from the socket state and the book's state.
import type { BookStatus } from './book-store.ts';
import type { ConnectionState } from './live-socket.ts';

/** `live` only when the socket is open and the book is verified and current. */
export type DisplayStatus = 'connecting' | 'live' | 'reconnecting' | 'resyncing';

export function displayStatus(connection: ConnectionState, book: BookStatus): DisplayStatus {
  if (connection === 'idle' || connection === 'connecting') return 'connecting';
  if (connection !== 'open') return 'reconnecting';
  return book === 'live' ? 'live' : 'resyncing';
}
