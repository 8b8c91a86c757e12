// Parses one combined-stream frame and routes it to its market by stream name, validating the
// payload with the schema of that stream. Never throws: bad frames come back as `bad`.
import type { BinanceBadInput } from './bad-input.ts';
import type { BinanceMarket } from './binance-markets.ts';
import { depthUpdateSchema, describeIssue, envelopeSchema, tradeSchema, type BinanceTrade, type DepthUpdate } from './binance-messages.ts';

/** A routed frame. A bad one names its market and stream kind when the envelope told them. */
export type StreamMessage =
  | { kind: 'depth'; market: BinanceMarket; update: DepthUpdate }
  | { kind: 'trade'; market: BinanceMarket; trade: BinanceTrade }
  | { kind: 'bad'; bad: BinanceBadInput; route?: { market: BinanceMarket; stream: 'depth' | 'trade' } };

/** Routes frames of the streams it was built with. */
export class StreamRouter {
  private readonly routes = new Map<string, { market: BinanceMarket; stream: 'depth' | 'trade' }>();

  constructor(markets: readonly BinanceMarket[]) {
    for (const market of markets) {
      this.routes.set(market.depthStream, { market, stream: 'depth' });
      this.routes.set(market.tradeStream, { market, stream: 'trade' });
    }
  }

  /** Parses and validates one text frame. */
  route(text: string): StreamMessage {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { kind: 'bad', bad: { code: 'MALFORMED_JSON', detail: error instanceof Error ? error.message : 'invalid JSON' } };
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) return { kind: 'bad', bad: { code: 'MALFORMED_MESSAGE', detail: `envelope ${describeIssue(envelope.error)}` } };
    const route = this.routes.get(envelope.data.stream);
    if (!route) return { kind: 'bad', bad: { code: 'UNKNOWN_STREAM', detail: `stream ${JSON.stringify(envelope.data.stream)}` } };
    const { market, stream } = route;
    const parsed = stream === 'depth' ? depthUpdateSchema.safeParse(envelope.data.data) : tradeSchema.safeParse(envelope.data.data);
    if (!parsed.success) {
      const code = stream === 'depth' ? 'MALFORMED_MESSAGE' : 'MALFORMED_TRADE';
      return { kind: 'bad', bad: { code, detail: `${envelope.data.stream} ${describeIssue(parsed.error)}` }, route };
    }
    if (parsed.data.s !== market.venueSymbol) {
      return { kind: 'bad', bad: { code: 'SYMBOL_MISMATCH', detail: `${parsed.data.s} on stream ${envelope.data.stream}` }, route };
    }
    return parsed.data.e === 'depthUpdate' ? { kind: 'depth', market, update: parsed.data } : { kind: 'trade', market, trade: parsed.data };
  }
}
