// The gateway's wire counters: every frame the outbox writes is counted with the bytes it takes on
// the wire, and the header arithmetic agrees with the pre-built frames of wire-frame.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { getMetrics } from '../../../lib/metrics.ts';
import { JSON_FORMAT } from '../../../server/gateway/fanout/outbound-format.ts';
import { WsPort } from '../../../server/gateway/connection/ws-port.ts';
import { ClientOutbox } from '../../../server/gateway/fanout/client-outbox.ts';
import { getGatewayMetrics, wireBytesOf } from '../../../server/gateway/gateway-metrics.ts';
import { wireFrameOf } from '../../../server/gateway/fanout/wire-frame.ts';
import { metricValue } from '../../helpers/metrics-text.ts';

async function value(name: string, labels = ''): Promise<number | undefined> {
  return metricValue(await getMetrics().registry.metrics(), name, labels);
}

/** A socket with no frame sender of its own, so the outbox writes through `send`, which completes at once. */
const socket = {
  readyState: WebSocket.OPEN,
  bufferedAmount: 0,
  send: (_data: Buffer, _options: unknown, callback: () => void) => callback(),
};

describe('gateway metrics', () => {
  it('counts a frame header of 2, 4 or 10 bytes like the frames built once for every socket', () => {
    for (const length of [0, 125, 126, 65_535, 65_536]) {
      assert.equal(wireBytesOf(length), wireFrameOf({ data: Buffer.alloc(length), count: 1 }).length, `payload of ${length}`);
    }
  });

  it('exposes the slow-consumer, flood and resync series at zero from the start', async () => {
    getGatewayMetrics();
    const series: [string, string][] = [
      ['tickwire_gateway_slow_consumer_conflations_total', ''],
      ['tickwire_gateway_slow_consumer_closes_total', 'reason="hard-limit"'],
      ['tickwire_gateway_slow_consumer_closes_total', 'reason="too-slow"'],
      ['tickwire_gateway_flood_closes_total', ''],
      ['tickwire_gateway_book_resyncs_total', 'cause="chain"'],
      ['tickwire_gateway_book_resyncs_total', 'cause="broker"'],
    ];
    for (const [name, labels] of series) assert.equal(await value(name, labels), 0, `${name}{${labels}}`);
  });

  it('counts each frame the outbox writes and its bytes on the wire', async () => {
    const framesBefore = (await value('tickwire_gateway_frames_out_total')) ?? Number.NaN;
    const bytesBefore = (await value('tickwire_gateway_bytes_out_total')) ?? Number.NaN;
    const outbox = new ClientOutbox(new WsPort(socket as unknown as WebSocket), JSON_FORMAT, { highWaterBytes: 1000, hardLimitBytes: 10_000, maxSlowMs: 1000 }, { onCongested() {}, onDrained() {}, onOverflow() {} });
    outbox.send({ data: Buffer.from('{"n":1}'), count: 1 });
    outbox.send({ data: Buffer.alloc(200, 'x'), count: 1 });
    assert.equal(await value('tickwire_gateway_frames_out_total'), framesBefore + 2);
    assert.equal(await value('tickwire_gateway_bytes_out_total'), bytesBefore + (7 + 2) + (200 + 4));
  });
});
