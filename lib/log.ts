// Structured logging: one pino logger per process, tagged with its role and node.
import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the process logger; JSON lines on stdout. */
export function createLogger(options: { level: string; role: string; nodeId: string }): Logger {
  return pino({ level: options.level, base: { role: options.role, node: options.nodeId } });
}
