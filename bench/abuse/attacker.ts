// The abuse benchmark's attacker, in a worker thread of its own so its flood does not delay the event
// loop that times the honest orders: one source address, many accounts and sockets over the gateways,
// each socket sending a little over the gateway's frame rate. Told `start` and `stop` by the benchmark,
// it answers `ready` once its sockets are open and its tally once stopped.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { sleep } from '../../scripts/lib/wait-for.ts';
import { openBoundSocket, type Incoming } from './bound-socket.ts';

/** What the benchmark hands the attacker. */
export interface AttackerPlan {
  urls: string[];
  tokens: string[];
  address: string;
  socketsPerGateway: number;
  ratePerSocket: number;
  symbols: string[];
}

/** How the attacker's ops were answered. */
export interface AttackTally {
  sent: number;
  /** Ops queued and answered by the engine (an order event naming the op; each socket of the account hears it). */
  engineAnswered: number;
  /** Refused at the gateway, by code (`RATE_LIMITED (op budget)` carries the op's id; the frame limit does not). */
  refused: [string, number][];
  closedSockets: number;
  /** Reopening handshakes the gateways refused (the handshake rate, the per-address socket ceiling). */
  refusedHandshakes: number;
}

const TICK_MS = 2;
const RECONNECT_MS = 50;

if (parentPort !== null) void run(parentPort, workerData as AttackerPlan);

async function run(port: NonNullable<typeof parentPort>, plan: AttackerPlan): Promise<void> {
  const answered = new Set<string>();
  const refused = new Map<string, number>();
  const ownOrderIds: string[] = [];
  let closedSockets = 0;
  const record = (message: Incoming): void => {
    if (message.type === 'error') {
      const code = message.code === 'RATE_LIMITED' ? (message.id === undefined ? 'RATE_LIMITED (frames/socket)' : 'RATE_LIMITED (op budget)') : message.code;
      refused.set(code, (refused.get(code) ?? 0) + 1);
      return;
    }
    if (message.type === 'order.accepted') ownOrderIds.push(message.orderId);
    const requestId = 'requestId' in message ? message.requestId : undefined;
    if (typeof requestId === 'string' && requestId.startsWith('x')) answered.add(requestId);
  };
  const sockets: WebSocket[] = [];
  let isRunning = false;
  let sent = 0;
  let refusedHandshakes = 0;
  // A determined attacker opens a closed socket (FLOODING) again at once, whatever Retry-After says.
  const open = async (slot: number): Promise<void> => {
    for (;;) {
      try {
        const socket = await openBoundSocket(plan.urls[slot % plan.urls.length] ?? '', plan.tokens[slot % plan.tokens.length] ?? '', plan.address, record);
        socket.on('close', () => {
          closedSockets += 1;
          if (isRunning) void open(slot);
        });
        sockets[slot] = socket;
        return;
      } catch {
        refusedHandshakes += 1;
        if (!isRunning) return;
        await sleep(RECONNECT_MS);
      }
    }
  };
  const socketCount = plan.socketsPerGateway * plan.urls.length;
  for (let i = 0; i < socketCount; i++) await open(i);
  if (sockets.filter(Boolean).length !== socketCount) throw new Error(`the attacker opened ${sockets.filter(Boolean).length} of its ${socketCount} sockets`);
  port.on('message', (command: 'start' | 'stop') => {
    isRunning = command === 'start';
    if (command === 'start') void flood();
  });
  port.postMessage({ type: 'ready' });

  // Every socket sends ratePerSocket ops a second, cycling through the abusive kinds; once stopped the tally goes back.
  async function flood(): Promise<void> {
    const start = performance.now();
    const rate = plan.ratePerSocket * sockets.length;
    let next = 0;
    while (isRunning) {
      const due = Math.floor(((performance.now() - start) * rate) / 1000) + 1;
      for (; next < due; next++) {
        const socket = sockets[next % sockets.length];
        if (socket?.readyState !== WebSocket.OPEN) continue;
        socket.send(JSON.stringify(attackOp(next, ownOrderIds, plan.symbols)));
        sent += 1;
      }
      await sleep(TICK_MS);
    }
    // Answers to the last ops sent are still on their way.
    await sleep(1000);
    const tally: AttackTally = { sent, engineAnswered: answered.size, refused: [...refused], closedSockets, refusedHandshakes };
    for (const socket of sockets) socket.terminate();
    port.postMessage({ type: 'tally', tally });
  }
}

// Foreign ids are guessed next to the attacker's own (the ids are a sequence shared by every user).
function attackOp(k: number, ownOrderIds: string[], symbols: string[]): object {
  const id = `x${k}`;
  const own = ownOrderIds.at(-1);
  const symbol = symbols[k % symbols.length];
  switch (k % 10) {
    case 0:
    case 1:
    case 2:
      return { op: 'order.cancel', id, orderId: own === undefined ? String(1 + (k % 1000)) : String(BigInt(own) - BigInt(1 + (k % 50))) };
    case 3:
    case 4:
      return { op: 'order.cancel', id, orderId: String(1_000_000_000_000 + k) };
    case 5:
    case 6:
      return { op: 'order.cancelAll', id, symbol };
    case 7:
    case 8:
      return { op: 'order.deadman', id, seconds: k % 20 === 7 ? 0 : 30 };
    default:
      return { op: 'order.place', id, clientOrderId: id, symbol, side: 'buy', type: 'market', quantity: '1' };
  }
}
