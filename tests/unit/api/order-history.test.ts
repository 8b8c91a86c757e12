import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Prisma, type Order } from '../../../lib/generated/prisma/client.ts';
import { toOrderView } from '../../../server/web/api/order-history.ts';

const created = new Date(Date.UTC(2026, 11, 8, 9, 0));
const row = (changes: Partial<Order>): Order => ({
  id: 41n,
  userId: '00000000-0000-4000-8000-000000000001',
  clientOrderId: 'c-41',
  symbol: 'BTC-USD',
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  quantity: new Prisma.Decimal('0.5'),
  price: new Prisma.Decimal('64000'),
  stopPrice: null,
  postOnly: false,
  triggeredAt: null,
  placedQuantity: null,
  placedPrice: null,
  filledQty: new Prisma.Decimal('0'),
  avgPrice: null,
  status: 'open',
  reason: null,
  createdAt: created,
  updatedAt: created,
  ...changes,
});

describe('GET /api/orders rows', () => {
  it('shows a post-only limit as not a stop and never triggered', () => {
    const view = toOrderView(row({ postOnly: true }));
    assert.deepEqual(
      [view.orderType, view.timeInForce, view.price, view.stopPrice, view.postOnly, view.triggered, view.triggeredAt],
      ['limit', 'GTC', '64000.0', null, true, false, null],
    );
  });

  it('shows a waiting stop-limit with its stop price at the instrument precision', () => {
    const view = toOrderView(row({ type: 'stop_limit', timeInForce: 'FOK', price: new Prisma.Decimal('66000.5'), stopPrice: new Prisma.Decimal('66000') }));
    assert.deepEqual([view.orderType, view.timeInForce, view.price, view.stopPrice, view.triggered], ['stop_limit', 'FOK', '66000.5', '66000.0', false]);
  });

  it('marks a stop-market triggered once it has a trigger time, its price being the protection price', () => {
    const view = toOrderView(row({ type: 'stop_market', timeInForce: 'IOC', side: 'sell', price: new Prisma.Decimal('62700'), stopPrice: new Prisma.Decimal('63000'), triggeredAt: new Date(created.getTime() + 5000), status: 'partially_filled', filledQty: new Prisma.Decimal('0.2') }));
    assert.deepEqual(
      [view.orderType, view.price, view.stopPrice, view.triggered, view.triggeredAt, view.status, view.filledQty],
      ['stop_market', '62700.0', '63000.0', true, created.getTime() + 5000, 'partially_filled', '0.20000000'],
    );
  });

  it('shows an amended order at its current terms, not as placed', () => {
    const view = toOrderView(row({ quantity: new Prisma.Decimal('0.3'), price: new Prisma.Decimal('63950'), placedQuantity: new Prisma.Decimal('0.5'), placedPrice: new Prisma.Decimal('64000') }));
    assert.deepEqual([view.quantity, view.price], ['0.30000000', '63950.0']);
  });
});
