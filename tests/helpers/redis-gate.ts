// A TCP proxy in front of Redis that tells a client's connections apart by the name they give in their
// handshake (CLIENT SETNAME), so a test decides which of them comes back first after an outage.
import { connect, createServer, type Socket } from 'node:net';
import { once } from 'node:events';

export interface RedisGate {
  /** Where clients connect instead of Redis. */
  readonly url: string;
  /** Stalls the next connections whose name contains `namePart` in their handshake until `release`. */
  hold(namePart: string): void;
  /** Lets held connections (and later ones of that name) through. */
  release(namePart: string): void;
  /** `ip:port` of each live connection to Redis whose name contains `namePart`, for CLIENT KILL ADDR. */
  upstreamAddresses(namePart: string): string[];
  close(): Promise<void>;
}

interface Passage {
  client: Socket;
  upstream: Socket;
  name: string | undefined;
  /** Client bytes not yet forwarded: the handshake, while the name is unknown or held. */
  pending: Buffer[] | undefined;
}

/** Starts a gate on a free loopback port that forwards to the Redis at `redisPort`. */
export async function startRedisGate(redisPort: number): Promise<RedisGate> {
  const held = new Set<string>();
  const passages = new Set<Passage>();
  const isHeld = (name: string): boolean => [...held].some((part) => name.includes(part));
  const flush = (passage: Passage): void => {
    const pending = passage.pending ?? [];
    passage.pending = undefined;
    for (const chunk of pending) passage.upstream.write(chunk);
  };
  const server = createServer((client) => {
    const upstream = connect(redisPort, '127.0.0.1');
    const passage: Passage = { client, upstream, name: undefined, pending: [] };
    passages.add(passage);
    const end = (): void => {
      passages.delete(passage);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('data', (chunk: Buffer) => {
      if (!passage.pending) return void upstream.write(chunk);
      passage.pending.push(chunk);
      passage.name ??= connectionName(Buffer.concat(passage.pending).toString('latin1'));
      if (passage.name !== undefined && !isHeld(passage.name)) flush(passage);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    hold: (namePart) => void held.add(namePart),
    release(namePart) {
      held.delete(namePart);
      for (const passage of passages) if (passage.name !== undefined && !isHeld(passage.name)) flush(passage);
    },
    upstreamAddresses: (namePart) =>
      [...passages].filter((p) => p.name?.includes(namePart) && p.pending === undefined).map((p) => `${p.upstream.localAddress ?? ''}:${p.upstream.localPort ?? 0}`),
    async close() {
      for (const passage of passages) passage.client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// What a client may send before naming itself (ioredis: HELLO, AUTH, SELECT, then CLIENT SETNAME).
const BEFORE_NAME = new Set(['HELLO', 'AUTH', 'SELECT', 'CLIENT']);

/** The name a connection's handshake gives (CLIENT SETNAME); '' if it gives none, undefined while incomplete. */
function connectionName(text: string): string | undefined {
  for (let at = 0; at < text.length; ) {
    const command = readCommand(text, at);
    if (!command) return undefined;
    const [name, sub, value] = command.args.map((arg, i) => (i < 2 ? arg.toUpperCase() : arg));
    if (name === 'CLIENT' && sub === 'SETNAME' && value !== undefined) return value;
    if (name === undefined || !BEFORE_NAME.has(name)) return '';
    at = command.end;
  }
  return undefined;
}

/** One RESP command (`*n` then n bulk strings) starting at `at`, or undefined if not all of it is there yet. */
function readCommand(text: string, at: number): { args: string[]; end: number } | undefined {
  const head = /^\*(\d+)\r\n/.exec(text.slice(at));
  if (!head) return text.length > at && text[at] !== '*' ? { args: [], end: text.length } : undefined;
  const args: string[] = [];
  let end = at + head[0].length;
  for (let i = 0; i < Number(head[1]); i++) {
    const bulk = /^\$(\d+)\r\n/.exec(text.slice(end));
    if (!bulk) return undefined;
    end += bulk[0].length;
    const length = Number(bulk[1]);
    if (text.length < end + length + 2) return undefined;
    args.push(text.slice(end, end + length));
    end += length + 2;
  }
  return { args, end };
}
