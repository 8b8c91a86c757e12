import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownOrderMarks, ownOrdersOf, type OpenOrderFields, type OwnOrder } from '../../../lib/client/own-order-rows.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

const btc = getInstrument('BTC-USD');
assert.ok(btc);

const order = (fields: Partial<OpenOrderFields>): OpenOrderFields => ({ symbol: 'BTC-USD', side: 'buy', orderType: 'limit', triggeredAt: null, price: '64990.0', quantity: '0.01000000', filledQty: '0.00000000', ...fields });
const own = (side: 'bid' | 'ask', priceTicks: number, lots: number): OwnOrder => ({ side, priceTicks: asTicks(priceTicks), lots: asLots(lots) });
const ticks = (...prices: number[]) => prices.map(asTicks);
/** Which row index each mark is on, and its lots: [[index, lots], …]. */
const placed = (marks: ReturnType<typeof ownOrderMarks>) => marks.flatMap((m, i) => (m ? [[i, m.lots]] : []));

describe('own orders from the account cache', () => {
  it('keeps the instrument\'s limit orders with their unfilled size, buys as bids and sells as asks', () => {
    const orders = ownOrdersOf(
      [
        order({ price: '64990.0', quantity: '0.01000000', filledQty: '0.00400000' }),
        order({ side: 'sell', price: '65010.5', quantity: '0.5' }),
        order({ symbol: 'ETH-USD', price: '3200.00' }),
        order({ price: null }),
      ],
      btc,
    );
    assert.deepEqual(orders, [own('bid', 649900, 600_000), own('ask', 650105, 50_000_000)]);
  });

  it('skips orders off the grid, with nothing left, or not working at their price (a stop before its trigger)', () => {
    const orders = ownOrdersOf(
      [order({ price: '64990.05' }), order({ quantity: 'x' }), order({ filledQty: '0.01' }), order({ price: '-1.0' }), order({ orderType: 'stop_limit' }), order({ orderType: 'market' })],
      btc,
    );
    assert.deepEqual(orders, []);
  });

  it('keeps a stop-limit once it triggered: it rests at its limit like any limit order', () => {
    assert.deepEqual(ownOrdersOf([order({ orderType: 'stop_limit', triggeredAt: 1 })], btc), [own('bid', 649900, 1_000_000)]);
  });
});

describe('which ladder row holds which own order', () => {
  it('marks the row at the order\'s price, summing several orders there', () => {
    const marks = ownOrderMarks(ticks(100, 99, 98), 'bid', [own('bid', 99, 3), own('bid', 99, 2)]);
    assert.deepEqual(placed(marks), [[1, 5]]);
    assert.equal(marks[1]?.orders.length, 2);
  });

  it('puts a bid between two levels on the row below it and an ask on the row above it, where each would queue', () => {
    // Bids 100, 97: a bid at 98 is worse than 100 and better than 97. Asks 101, 104: an ask at 103 joins 104.
    assert.deepEqual(placed(ownOrderMarks(ticks(100, 97), 'bid', [own('bid', 98, 1)])), [[1, 1]]);
    assert.deepEqual(placed(ownOrderMarks(ticks(101, 104), 'ask', [own('ask', 103, 1)])), [[1, 1]]);
  });

  it('puts an order in its grouped bucket: bids floored, asks ceiled to the step', () => {
    // Grouping 10: bid rows 650 and 640 cover 650–659 and 640–649; ask rows 660 and 670 cover 651–660 and 661–670.
    assert.deepEqual(placed(ownOrderMarks(ticks(650, 640), 'bid', [own('bid', 647, 1), own('bid', 640, 2), own('bid', 655, 4)])), [[0, 4], [1, 3]]);
    assert.deepEqual(placed(ownOrderMarks(ticks(660, 670), 'ask', [own('ask', 661, 1), own('ask', 658, 2), own('ask', 670, 4)])), [[0, 2], [1, 5]]);
  });

  it('marks the best row for an order inside the spread, and no row for one beyond the shown depth', () => {
    assert.deepEqual(placed(ownOrderMarks(ticks(100, 99), 'bid', [own('bid', 102, 1), own('bid', 98, 2)])), [[0, 1]]);
    assert.deepEqual(placed(ownOrderMarks(ticks(101, 102), 'ask', [own('ask', 100, 1), own('ask', 103, 2)])), [[0, 1]]);
  });

  it('marks buys on bid rows only and sells on ask rows only', () => {
    const orders = [own('bid', 100, 1), own('ask', 100, 2)];
    assert.deepEqual(placed(ownOrderMarks(ticks(100), 'bid', orders)), [[0, 1]]);
    assert.deepEqual(placed(ownOrderMarks(ticks(100), 'ask', orders)), [[0, 2]]);
  });

  it('lists a row\'s orders best price first, and marks nothing on an empty side', () => {
    const marks = ownOrderMarks(ticks(650, 640), 'bid', [own('bid', 641, 1), own('bid', 649, 1), own('bid', 645, 1)]);
    assert.deepEqual(marks[1]?.orders.map((o) => o.priceTicks), [649, 645, 641]);
    assert.deepEqual(ownOrderMarks([], 'bid', [own('bid', 100, 1)]), []);
  });
});
