// The floor's one INSERT, on a plain `pg` connection (prepared statements, no Prisma): into the table
// and unique key the engine writes its orders to, each market order stored as filled at once. Either
// one statement per order, awaited in turn, or one multi-row statement per queue read (the way the
// engine commits a read's orders together).
import { performance } from 'node:perf_hooks';
import type pg from 'pg';

/** `order`: one INSERT per order; `batch`: one INSERT for all the orders of a read. */
export type FloorInsertMode = 'order' | 'batch';

/** An order to store: what the queue entry said. */
export interface FloorOrder {
  userId: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: string;
}

/** What the INSERT gave back for one order. */
export interface Placed {
  id: string;
  createdAtMs: number;
}

const COLUMNS = 'user_id, client_order_id, symbol, side, type, time_in_force, quantity, filled_qty, status, updated_at';
const FIXED = `'market'::"OrderType", 'IOC'::"TimeInForce"`;

const INSERT_ONE = {
  name: 'orders-floor-insert-one',
  text: `INSERT INTO orders (${COLUMNS}) VALUES ($1, $2, $3, $4::"OrderSide", ${FIXED}, $5, $5, 'filled'::"OrderStatus", now()) RETURNING id, created_at`,
};

const INSERT_MANY = {
  name: 'orders-floor-insert-many',
  text: `INSERT INTO orders (${COLUMNS})
         SELECT u, c, s, d, ${FIXED}, q, q, 'filled'::"OrderStatus", now()
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::"OrderSide"[], $5::numeric[]) AS t(u, c, s, d, q)
         RETURNING id, user_id, client_order_id, created_at`,
};

interface Returned {
  id: string;
  created_at: Date;
  user_id?: string;
  client_order_id?: string;
}

const placedOf = (row: Returned): Placed => ({ id: String(row.id), createdAtMs: row.created_at.getTime() });

/** What the caller hears of a write. */
export interface WriteHooks<T> {
  /** As soon as the order's statement returned (per order: its INSERT; per batch: the one INSERT). */
  onPlaced: (order: T, placed: Placed) => void;
  /** The order was not written; it is never answered. */
  onFailed: (order: T, error: unknown) => void;
  /** Each statement's duration, from the call to its result. */
  onStatement: (ms: number) => void;
}

/** Writes `orders` in the given mode. */
export async function writeOrders<T extends FloorOrder>(db: pg.Client, mode: FloorInsertMode, orders: readonly T[], hooks: WriteHooks<T>): Promise<void> {
  if (orders.length === 0) return;
  const { onPlaced, onFailed } = hooks;
  const timed = async (query: pg.QueryConfig): Promise<Returned[]> => {
    const startMs = performance.now();
    try {
      return (await db.query<Returned>(query)).rows;
    } finally {
      hooks.onStatement(performance.now() - startMs);
    }
  };
  if (mode === 'order') {
    for (const order of orders) {
      try {
        const rows = await timed({ ...INSERT_ONE, values: [order.userId, order.clientOrderId, order.symbol, order.side, order.quantity] });
        const row = rows[0];
        if (row === undefined) throw new Error('the insert returned no row');
        onPlaced(order, placedOf(row));
      } catch (error) {
        onFailed(order, error);
      }
    }
    return;
  }
  const column = <K extends keyof FloorOrder>(key: K): T[K][] => orders.map((o) => o[key]);
  try {
    const values = [column('userId'), column('clientOrderId'), column('symbol'), column('side'), column('quantity')];
    const rows = await timed({ ...INSERT_MANY, values });
    const byKey = new Map(rows.map((row) => [`${row.user_id}/${row.client_order_id}`, row]));
    for (const order of orders) {
      const row = byKey.get(`${order.userId}/${order.clientOrderId}`);
      if (row === undefined) onFailed(order, new Error(`no row came back for ${order.clientOrderId}`));
      else onPlaced(order, placedOf(row));
    }
  } catch (error) {
    for (const order of orders) onFailed(order, error);
  }
}
