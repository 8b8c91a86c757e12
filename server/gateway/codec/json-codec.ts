// The gateway's own protocol (docs/protocol.md): one JSON request per text message, replies and
// market data as JSON objects or arrays.
import { ERROR_CODES } from '../../../lib/protocol/codes.ts';
import type { MarketMessage } from '../../../lib/protocol/messages.ts';
import { encodeFrame } from '../fanout/shared-frame.ts';
import { parseClientFrame } from '../routing/parse-client-frame.ts';
import { JSON_FORMAT } from '../fanout/outbound-format.ts';
import type { CodecHost, SessionCodec } from './session-codec.ts';

/** The JSON codec of one WebSocket. */
export class JsonCodec implements SessionCodec {
  readonly format = JSON_FORMAT;

  constructor(private readonly host: CodecHost) {}

  start(): void {
    const { userId, nodeId } = this.host;
    this.reply(userId === undefined ? { type: 'hello', node: nodeId, isAuthenticated: false } : { type: 'hello', node: nodeId, isAuthenticated: true, userId });
  }

  receive(data: Buffer, isBinary: boolean): void {
    if (!this.host.admitFrame()) return;
    if (isBinary) return this.host.replyError(ERROR_CODES.BINARY_NOT_SUPPORTED, 'binary frames are not supported; send JSON text');
    const parsed = parseClientFrame(data.toString('utf8'));
    if (!parsed.ok) return this.host.replyError(parsed.code, parsed.message, parsed.id);
    this.host.run(parsed.request);
  }

  reply(message: MarketMessage): void {
    this.host.sendRaw(encodeFrame(message));
  }
}
