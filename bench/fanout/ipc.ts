// Request/reply over Node's IPC channel between the orchestrator and its child processes, typed by
// an API map both sides import. Children are ours, so replies are trusted as typed.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Commands a child answers: name → argument and result types. */
export type Api<A> = { [K in keyof A]: { args: unknown; result: unknown } };

/** The child's side: one function per command. */
export type Handlers<A extends Api<A>> = { [K in keyof A]: (args: A[K]['args']) => A[K]['result'] | Promise<A[K]['result']> };

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

function isRequest(value: unknown): value is Request {
  return typeof value === 'object' && value !== null && 'id' in value && 'cmd' in value;
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'id' in value && 'ok' in value;
}

/** Child side: answers requests and tells the parent it is ready with `info`; exits when the parent goes. */
export function serve<A extends Api<A>>(handlers: Handlers<A>, info: unknown): void {
  const send = (message: unknown): void => void process.send?.(message);
  process.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    const handler: ((args: unknown) => unknown) | undefined = (handlers as Record<string, (args: unknown) => unknown>)[message.cmd];
    Promise.resolve()
      .then(() => (handler ? handler(message.args) : Promise.reject(new Error(`unknown command ${message.cmd}`))))
      .then(
        (result) => send({ id: message.id, ok: true, result }),
        (error: unknown) => send({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  process.on('disconnect', () => process.exit(0));
  // An orderly exit on SIGTERM, so a CPU profile (if asked for) is written.
  process.on('SIGTERM', () => process.exit(0));
  send({ id: 0, ok: true, result: info });
}

/** Parent side: a child process running one of the bench/fanout scripts. */
export class Child<A extends Api<A>> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readyInfo: Promise<unknown>;

  private constructor(
    readonly name: string,
    private readonly process: ChildProcess,
  ) {
    this.readyInfo = new Promise((resolve, reject) => this.pending.set(0, { resolve, reject }));
    // Rejected when the child dies before it is up; whoever awaits `ready()` still sees that.
    this.readyInfo.catch(() => undefined);
    process.on('message', (message: unknown) => {
      if (!isReply(message)) return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new Error(`${name}: ${message.error}`));
    });
    process.on('exit', (code, signal) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${name} exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  /** Starts `script` (a file in this folder) with a raised open-files limit, so thousands of sockets fit. */
  static start<A extends Api<A>>(name: string, script: string, args: string[]): Child<A> {
    const path = fileURLToPath(new URL(script, import.meta.url));
    // BENCH_FANOUT_PROFILE=<name> writes that child's V8 CPU profile to <tmp>/tickwire-profiles/.
    const profile = process.env.BENCH_FANOUT_PROFILE === name ? ['--cpu-prof', `--cpu-prof-dir=${join(tmpdir(), 'tickwire-profiles')}`] : [];
    const node = [process.execPath, '--expose-gc', ...profile, '--import', 'tsx', path, ...args];
    const child = spawn('bash', ['-c', 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"', 'bash', ...node], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Child<A>(name, child);
  }

  /** The child's process id (bash execs node, so it is node's). */
  get pid(): number {
    return this.process.pid ?? 0;
  }

  /** Resolves with what the child passed to `serve` once it is up. */
  ready<T>(timeoutMs = 30_000): Promise<T> {
    return this.withTimeout(this.readyInfo, timeoutMs, 'ready') as Promise<T>;
  }

  request<K extends keyof A & string>(cmd: K, args: A[K]['args'], timeoutMs = 60_000): Promise<A[K]['result']> {
    const id = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A child that died cannot be asked: the request fails, and with it only its phase, not the whole run.
      this.process.send({ id, cmd, args }, (error: Error | null) => {
        if (error === null) return;
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${cmd}: ${error.message}`));
      });
    });
    return this.withTimeout(reply, timeoutMs, cmd) as Promise<A[K]['result']>;
  }

  /** Ends the child: SIGTERM, then SIGKILL if it is still there after a second. */
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = once(this.process, 'exit');
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 1_000);
    await exited;
    clearTimeout(timer);
  }

  private withTimeout(promise: Promise<unknown>, ms: number, what: string): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name}: ${what} timed out after ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
