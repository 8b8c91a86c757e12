'use client';
// Resting orders with a cancel button each, and cancel-all (one `order.cancelAll` per instrument).
import { sendCancelAll } from '@/lib/client/cancel-all.ts';
import { groupThousands, formatClock, trimSize } from '@/lib/client/format.ts';
import { useMarketSession } from '@/components/market-data/market-session-context.tsx';
import { useOrders } from './use-account.ts';
import styles from './account.module.css';

export function OpenOrdersTable() {
  const session = useMarketSession();
  const open = useOrders().data?.open ?? [];
  if (open.length === 0) return <p className={styles.empty}>No open orders.</p>;
  const cancelAll = (): void => {
    sendCancelAll(session, open.map((o) => o.symbol));
  };
  return (
    <table className={styles.table} data-testid="open-orders">
      <thead>
        <tr>
          <th>Time</th>
          <th>Instrument</th>
          <th>Side</th>
          <th>Price</th>
          <th>Quantity</th>
          <th>Filled</th>
          <th>
            <button type="button" className={styles.linkButton} onClick={cancelAll} data-testid="cancel-all">
              Cancel all
            </button>
          </th>
        </tr>
      </thead>
      <tbody>
        {open.map((order) => (
          <tr key={order.orderId} data-testid="open-order" data-order-id={order.orderId}>
            <td className="num muted">{formatClock(order.createdAt)}</td>
            <td>{order.symbol}</td>
            <td className={order.side === 'buy' ? 'up' : 'down'}>{order.side === 'buy' ? 'Buy' : 'Sell'}</td>
            <td className="num">{order.price === null ? 'market' : groupThousands(order.price)}</td>
            <td className="num">{trimSize(order.quantity, 8)}</td>
            <td className="num">{trimSize(order.filledQty, 8)}</td>
            <td>
              <button
                type="button"
                className={styles.linkButton}
                onClick={() => session.send({ op: 'order.cancel', id: `cancel-${order.orderId}`, orderId: order.orderId })}
                aria-label={`Cancel ${order.side} ${order.quantity} ${order.symbol} at ${order.price ?? 'market'}`}
              >
                Cancel
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
