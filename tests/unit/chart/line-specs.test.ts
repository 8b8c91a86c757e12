import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChartColors } from '../../../components/chart/chart-theme.ts';
import { IDLE, type LineDrag } from '../../../components/chart/line-drag.ts';
import { lineSpecsFor } from '../../../components/chart/line-specs.ts';
import type { OrderLine } from '../../../components/chart/order-lines.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { asTicks } from '../../../lib/market/units.ts';

const btc = getInstrument('BTC-USD');
assert.ok(btc);
const colors: ChartColors = { background: 'bg', text: 'muted', grid: 'grid', border: 'border', up: 'green', down: 'red', upVolume: 'g2', downVolume: 'r2', crosshair: 'x', entry: 'grey' };
const buy: OrderLine = { orderId: '1', kind: 'limit', side: 'buy', ticks: asTicks(649900), size: '0.01', label: { key: 'chart.line.limit' }, cancelLabel: { key: 'chart.line.cancel' } };
const stop: OrderLine = { orderId: '2', kind: 'stop', side: 'sell', ticks: asTicks(640000), size: '0.05', label: { key: 'chart.line.stop' }, cancelLabel: { key: 'chart.line.cancelStop' } };

describe('how the account lines look', () => {
  it('colours orders by side, solid at a limit and dashed at a stop, the entry dotted and neutral', () => {
    const specs = lineSpecsFor([buy, stop], { price: 65025.81, label: { key: 'chart.line.entry' } }, IDLE, colors, btc);
    assert.deepEqual(
      specs.map((s) => [s.id, s.price, s.color, s.style, s.title, s.lineWidth]),
      [
        ['order:1', 64990, 'green', 'solid', '', 1],
        ['order:2', 64000, 'red', 'dashed', '', 1],
        ['entry', 65025.81, 'grey', 'dotted', '', 1],
      ],
    );
  });

  it('draws a line being moved where the move put it, thicker', () => {
    const drag: LineDrag = { phase: 'confirming', via: 'pointer', orderId: '1', from: asTicks(649900), to: asTicks(650105) };
    const [moved, other] = lineSpecsFor([buy, stop], undefined, drag, colors, btc);
    assert.deepEqual(moved && [moved.price, moved.lineWidth], [65010.5, 2]);
    assert.deepEqual(other && [other.price, other.lineWidth], [64000, 1]);
  });
});
