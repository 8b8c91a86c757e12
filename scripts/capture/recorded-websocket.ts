// A recorded WebSocket connection read back: the upgrade request and its 101 as text (the accept
// value checked against the key), and each side's frames with who sent them, when, and a dump.
import { createHash } from 'node:crypto';
import { dumpFrame } from './frame-dump.ts';
import { headerValue, redactCookies, splitHttpMessage } from './http-message.ts';
import { streamOf, type Direction, type RecordedConnection } from './tcp-recorder.ts';
import { decodeFrames, type WebSocketFrame } from './websocket-frames.ts';

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface RecordedFrames {
  readonly direction: Direction;
  readonly frames: readonly WebSocketFrame[];
  /** The first frame that matches; throws, naming `what`, if none does. */
  pick(what: string, matches: (frame: WebSocketFrame) => boolean): WebSocketFrame;
  /** Milliseconds from the TCP connection's start to the chunk that carried the frame's first byte. */
  timeOf(frame: WebSocketFrame): number;
  /** `client → server, +24.8 ms after connecting (stream byte 258): <what>` */
  title(frame: WebSocketFrame, what: string): string;
  /** The title, then the frame's annotated hex dump. */
  dump(frame: WebSocketFrame, what: string): string;
}

/** The frames one side sent after its HTTP head. */
export function framesOf(connection: RecordedConnection, direction: Direction): RecordedFrames {
  const stream = streamOf(connection, direction);
  const { body } = splitHttpMessage(stream.bytes);
  const bodyStart = stream.bytes.length - body.length;
  const { frames } = decodeFrames(body);
  const timeOf = (frame: WebSocketFrame): number => stream.timeAt(bodyStart + frame.offset);
  const title = (frame: WebSocketFrame, what: string): string =>
    `${direction.replace('→', ' → ')}, +${timeOf(frame).toFixed(1)} ms after connecting (stream byte ${bodyStart + frame.offset}): ${what}`;
  return {
    direction,
    frames,
    pick(what, matches) {
      const frame = frames.find(matches);
      if (!frame) throw new Error(`${direction}: no ${what} among the ${frames.length} recorded frames`);
      return frame;
    },
    timeOf,
    title,
    dump: (frame, what) => [title(frame, what), ...dumpFrame(frame)].join('\n'),
  };
}

/** The upgrade request and the 101 as text, after checking that Sec-WebSocket-Accept answers the key. */
export function handshakeText(connection: RecordedConnection): string {
  const request = splitHttpMessage(streamOf(connection, 'client→server').bytes).head;
  const response = splitHttpMessage(streamOf(connection, 'server→client').bytes).head;
  const key = headerValue(request, 'Sec-WebSocket-Key') ?? '';
  const accept = headerValue(response, 'Sec-WebSocket-Accept');
  const expected = createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
  if (accept !== expected) throw new Error(`Sec-WebSocket-Accept is ${accept ?? 'missing'}, expected ${expected} for key ${key}`);
  return `${redactCookies(request)}\n\n${redactCookies(response)}`;
}
