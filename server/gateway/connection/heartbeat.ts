// Finds dead peers: ping every socket on an interval and terminate one that did not answer the
// previous ping (the ws README recipe: https://github.com/websockets/ws#how-to-detect-and-close-broken-connections).
import type { ClientSession } from './client-session.ts';
import { WsPort } from './ws-port.ts';

/** Starts the heartbeat; the returned function stops it. */
export function startHeartbeat(sessions: () => Iterable<ClientSession>, intervalMs: number, onTerminate: (session: ClientSession) => void): () => void {
  const timer = setInterval(() => {
    for (const session of sessions()) {
      const { port } = session;
      // Engine.IO runs its own heartbeat; only WebSocket ports are pinged here.
      if (!(port instanceof WsPort)) continue;
      if (!session.isAlive) {
        onTerminate(session);
        port.terminate();
        continue;
      }
      session.isAlive = false;
      port.ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
