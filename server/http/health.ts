// Liveness, readiness and metrics endpoints, served by every process that listens.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getMetrics } from '../../lib/metrics.ts';
import type { Runtime } from '../../lib/runtime.ts';

const READY_TIMEOUT_MS = 1000;

/** Answers /healthz, /readyz and /metrics; returns false for any other path so the caller handles it. */
export function handleOpsRequest(runtime: Runtime, req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz') {
    sendJson(res, 200, {
      status: 'ok',
      role: runtime.config.role,
      node: runtime.config.nodeId,
      broker: runtime.broker.kind,
      database: runtime.db.kind,
      uptimeSeconds: Math.round((Date.now() - runtime.startedAt) / 1000),
    });
    return true;
  }
  if (path === '/readyz') {
    void checkReady(runtime).then((checks) => sendJson(res, checks.broker && checks.database ? 200 : 503, checks));
    return true;
  }
  if (path === '/metrics') {
    const { registry } = getMetrics();
    void registry.metrics().then((text) => {
      res.writeHead(200, { 'Content-Type': registry.contentType });
      res.end(text);
    });
    return true;
  }
  return false;
}

async function checkReady(runtime: Runtime): Promise<{ broker: boolean; database: boolean; node: string }> {
  const [broker, database] = await Promise.all([probe(runtime.broker.ping()), probe(runtime.db.ping())]);
  return { broker, database, node: runtime.config.nodeId };
}

async function probe(check: Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Writes a JSON response with no caching. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
