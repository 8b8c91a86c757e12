// Precise heap readings of a server process through its inspector (started with --inspect): a full
// GC first, so the figure is what is alive, not what happens to be uncollected. Only the HeapProfiler
// and Runtime commands are used; no Debugger domain, so the process runs at full speed meanwhile.
import WebSocket from 'ws';

/** Finds the inspector's WebSocket URL in what a process printed to stderr. */
export function inspectorUrlFrom(stderr: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
}

const TIMEOUT_MS = 60_000;

/** Collects garbage in the process and returns its used heap in bytes (NaN if the process cannot answer in a minute). */
export async function heapAfterGc(inspectorUrl: string): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(Number.NaN), TIMEOUT_MS)));
  try {
    return await Promise.race([readHeap(inspectorUrl), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readHeap(inspectorUrl: string): Promise<number> {
  const socket = new WebSocket(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 0;
  const call = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (data: WebSocket.RawData): void => {
        const reply = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
        if (reply.id !== id) return;
        socket.off('message', onMessage);
        if (reply.error) reject(new Error(reply.error.message));
        else resolve(reply.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const result = (await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true })) as { result?: { value?: unknown } };
    const value = result.result?.value;
    if (typeof value !== 'number') throw new Error('the inspector returned no heap figure');
    return value;
  } finally {
    socket.close();
  }
}
