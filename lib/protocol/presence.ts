// Presence of users on gateway nodes, for the engine's dead-man's switch: every node publishes the full
// list of users with a socket on it, at once when it changes and as a heartbeat; a node that stops
// publishing is presumed dead after PRESENCE_NODE_TIMEOUT_MS.
import { z } from 'zod';

/** How often a node repeats its list when nothing changed. */
export const PRESENCE_HEARTBEAT_MS = 1000;
/** How often a node compares its list with the last one it sent (a departure is reported this late at most). */
export const PRESENCE_CHECK_MS = 200;
/** A node silent this long is gone, and its users with it (three missed heartbeats and some slack). */
export const PRESENCE_NODE_TIMEOUT_MS = 3500;

/** A node's report; `users` is empty when it is shutting down. */
export const presenceReportSchema = z.strictObject({
  node: z.string().min(1).max(64),
  users: z.array(z.string().max(64)),
});
export type PresenceReport = z.infer<typeof presenceReportSchema>;
