// Request/response over a forked child's IPC channel, typed by a map of commands.
import { fork, type ChildProcess } from 'node:child_process';

type Api = Record<string, { args: unknown; result: unknown }>;
interface Request {
  id: number;
  command: string;
  args: unknown;
}
interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** A forked TypeScript child that answers the commands of `A`. */
export interface Child<A extends Api> {
  readonly process: ChildProcess;
  call<K extends keyof A & string>(command: K, args: A[K]['args']): Promise<A[K]['result']>;
  stop(): Promise<void>;
}

/** Forks `modulePath` (run through tsx) and waits for its first message, the ready signal. */
export async function forkChild<A extends Api, Ready>(modulePath: string, execArgv: string[] = []): Promise<{ child: Child<A>; ready: Ready }> {
  const child = fork(modulePath, { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('exit', (code) => reject(new Error(`${modulePath} exited with ${code} before it was ready`)));
  });
  // A child that dies must fail its pending calls, or the parent would wait forever (or exit silently).
  child.on('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${modulePath} exited (${signal ?? code}) during a call`));
    pending.clear();
  });
  child.on('message', (message) => {
    const reply = message as Reply;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.error !== undefined) waiter.reject(new Error(reply.error));
    else waiter.resolve(reply.result);
  });
  return {
    ready,
    child: {
      process: child,
      call(command, args) {
        const id = ++nextId;
        return new Promise((resolve, reject) => {
          pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
          child.send({ id, command, args } satisfies Request);
        });
      },
      async stop() {
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      },
    },
  };
}

/** In the child: sends the ready signal, then answers each command with its handler. */
export function serveParent<A extends Api>(ready: unknown, handlers: { [K in keyof A]: (args: A[K]['args']) => A[K]['result'] | Promise<A[K]['result']> }): void {
  process.on('message', (message) => {
    const { id, command, args } = message as Request;
    const handler = handlers[command as keyof A];
    void (async () => {
      try {
        process.send?.({ id, result: await handler(args as A[keyof A]['args']) } satisfies Reply);
      } catch (error) {
        process.send?.({ id, error: error instanceof Error ? error.message : String(error) } satisfies Reply);
      }
    })();
  });
  process.send?.(ready);
}
