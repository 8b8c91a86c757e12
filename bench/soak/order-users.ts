// The soak's order users: one authenticated socket each (bench/order-roundtrip.ts's openSocket), split
// over the gateways, sending market orders at a fixed total rate, each order taken by the next user in
// turn that is connected. Users alternate buy and sell so positions stay small. A user's reconnect
// stops it taking orders, waits for its open orders to end (their events reach only its own socket),
// closes it and opens a new one.
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { sleep } from '../fanout/clock.ts';
import { openSocket } from '../order-roundtrip.ts';
import { OrderTally, type OrderMessage } from './order-tally.ts';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'TSLA'];
const TICK_MS = 10;
const DRAIN_USER_MS = 10_000;

interface OrderUser {
  name: string;
  url: string;
  token: string;
  socket: WebSocket | undefined;
  placed: number;
}

/** The users, their sockets and the order pacing. */
export class OrderUsers {
  readonly tally = new OrderTally();
  private readonly users: OrderUser[];
  private isRunning = false;
  private loop: Promise<void> = Promise.resolve();
  private next = 0;
  private sentTotal = 0;

  private constructor(users: OrderUser[], private readonly runTag: string) {
    this.users = users;
  }

  /** Opens one socket per token, user i on gateway `urls[i % urls.length]`. */
  static async open(tokens: string[], urls: string[], runTag: string): Promise<OrderUsers> {
    const users = tokens.map((token, i): OrderUser => ({ name: `u${i}`, url: urls[i % urls.length] ?? '', token, socket: undefined, placed: 0 }));
    const orderUsers = new OrderUsers(users, runTag);
    for (const user of users) user.socket = await orderUsers.connect(user);
    return orderUsers;
  }

  get count(): number {
    return this.users.length;
  }

  /** Sends `perSecond` orders a second until `stop`: order k is due k / perSecond seconds after the start. */
  start(perSecond: number): void {
    this.isRunning = true;
    this.loop = (async () => {
      const startMs = performance.now();
      while (this.isRunning) {
        const due = Math.floor(((performance.now() - startMs) * perSecond) / 1000);
        while (this.sentTotal < due && this.placeNext()) this.sentTotal += 1;
        await sleep(TICK_MS);
      }
    })();
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    await this.loop;
  }

  /** Waits until every order sent has ended, or `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.tally.open > 0 && Date.now() < deadline) await sleep(100);
  }

  /** Reconnects the users at `indices`, all at once; resolves with how many are connected again. */
  async reconnect(indices: number[]): Promise<number> {
    let reconnected = 0;
    await Promise.all(
      indices.map(async (i) => {
        const user = this.users[i];
        if (!user?.socket) return;
        const socket = user.socket;
        user.socket = undefined;
        const deadline = Date.now() + DRAIN_USER_MS;
        while (this.tally.openOrdersOf(user.name) > 0 && Date.now() < deadline) await sleep(20);
        socket.close(1000);
        user.socket = await this.connect(user).catch(() => undefined);
        if (user.socket) reconnected += 1;
      }),
    );
    return reconnected;
  }

  close(): void {
    for (const user of this.users) user.socket?.terminate();
  }

  private connect(user: OrderUser): Promise<WebSocket> {
    return openSocket(user.url, user.token, (event) => this.tally.read(event as OrderMessage));
  }

  // The next connected user in turn takes the order; false when none is connected (it stays due).
  private placeNext(): boolean {
    for (let tried = 0; tried < this.users.length; tried++) {
      const index = this.next;
      const user = this.users[index];
      this.next = (this.next + 1) % this.users.length;
      if (!user?.socket || user.socket.readyState !== user.socket.OPEN) continue;
      const clientOrderId = `${this.runTag}-${this.sentTotal}`;
      const request = { op: 'order.place', id: clientOrderId, clientOrderId, symbol: SYMBOLS[index % SYMBOLS.length], side: user.placed % 2 === 0 ? 'buy' : 'sell', type: 'market', quantity: '1' };
      user.placed += 1;
      this.tally.sent(clientOrderId, user.name);
      user.socket.send(JSON.stringify(request));
      return true;
    }
    return false;
  }
}
