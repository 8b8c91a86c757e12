'use client';
// Resting orders with a cancel button each, and cancel-all (one `order.cancelAll` per instrument).
// A stop shows where it triggers and whether it is still waiting.
import { sendCancelAll } from '@/lib/client/cancel-all.ts';
import { formatClock, trimSize } from '@/lib/client/format.ts';
import { openOrderView } from '@/lib/client/open-order-view.ts';
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
          <th className={styles.orderCell}>Order</th>
          <th>Price</th>
          <th>Trigger</th>
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
        {open.map((order) => {
          const view = openOrderView(order);
          return (
            <tr key={order.orderId} data-testid="open-order" data-order-id={order.orderId} data-order-type={order.orderType} data-stop-state={view.stopState}>
              <td className="num muted">{formatClock(order.createdAt)}</td>
              <td>{order.symbol}</td>
              <td className={styles.orderCell}>
                <span className={order.side === 'buy' ? 'up' : 'down'}>{order.side === 'buy' ? 'Buy' : 'Sell'}</span> {view.typeLabel}
                {view.tags.map((tag) => (
                  <span key={tag} className={styles.tag}>
                    {tag}
                  </span>
                ))}
              </td>
              <td className={`num ${view.priceText === 'market' ? 'muted' : ''}`} title={order.orderType === 'stop_market' && order.price !== null ? `Fills no worse than ${order.price}` : undefined}>
                {view.priceText}
              </td>
              <td className="num">
                {view.triggerText === undefined ? (
                  <span className="muted">—</span>
                ) : (
                  <>
                    {view.triggerText}
                    <span className={styles.stopState} data-state={view.stopState} data-testid="stop-state">
                      {view.stopState === 'waiting' ? 'Waiting' : 'Triggered'}
                    </span>
                  </>
                )}
              </td>
              <td className="num">{trimSize(order.quantity, 8)}</td>
              <td className="num">{trimSize(order.filledQty, 8)}</td>
              <td>
                <button type="button" className={styles.linkButton} onClick={() => session.send({ op: 'order.cancel', id: `cancel-${order.orderId}`, orderId: order.orderId })} aria-label={view.cancelLabel}>
                  Cancel
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
