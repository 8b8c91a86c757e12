// The JSON WebSocket protocol on /ws, as it crosses the wire: the HTTP upgrade and its 101, a masked
// client text frame (a subscribe), unmasked server text frames (the hello, and the book snapshot
// long enough for the 16-bit length form), a ping and its pong, and the closing handshake.
import type { Capture, CaptureContext } from './capture-section.ts';
import { framesOf, handshakeText } from './recorded-websocket.ts';
import type { WebSocketFrame } from './websocket-frames.ts';
import { openRecordedWebSocket } from './websocket-session.ts';

const SUBSCRIBE = { op: 'subscribe', id: 1, channel: 'book', symbol: 'BTC-USD', depth: 10 };
const PING_PAYLOAD = 'tickwire';
const CLOSE_REASON = 'capture done';

/** The server's messages in one frame: a message object, or an array of them. */
const messagesIn = (text: string): { type?: unknown; id?: unknown }[] => {
  const parsed = JSON.parse(text) as unknown;
  return (Array.isArray(parsed) ? parsed : [parsed]) as { type?: unknown; id?: unknown }[];
};
const carries = (type: string, id?: number) => (text: string): boolean => messagesIn(text).some((m) => m.type === type && (id === undefined || m.id === id));

export async function captureWebSocket({ recorder }: CaptureContext): Promise<Capture[]> {
  const session = await openRecordedWebSocket(recorder, '/ws');
  await session.nextText('the hello', carries('hello'));
  session.socket.send(JSON.stringify(SUBSCRIBE));
  await session.nextText('the subscribed reply', carries('subscribed', SUBSCRIBE.id));
  await session.nextText('the book snapshot', carries('book.snapshot'));
  await session.ping(PING_PAYLOAD);
  await session.close(1000, CLOSE_REASON);

  const client = framesOf(session.connection, 'client→server');
  const server = framesOf(session.connection, 'server→client');
  const isText = (f: WebSocketFrame): boolean => f.opcode === 0x1;
  const isOpcode = (opcode: number) => (f: WebSocketFrame): boolean => f.opcode === opcode;
  const subscribe = client.pick('the subscribe frame', isText);
  const hello = server.pick('the hello frame', (f) => isText(f) && carries('hello')(f.payload.toString()));
  const snapshot = server.pick('the book snapshot frame', (f) => isText(f) && carries('book.snapshot')(f.payload.toString()));
  const ping = client.pick('the ping frame', isOpcode(0x9));
  const pong = server.pick('the pong frame', isOpcode(0xa));
  const clientClose = client.pick("the client's close frame", isOpcode(0x8));
  const serverClose = server.pick("the server's close frame", isOpcode(0x8));
  if (serverClose.close?.code !== 1000) throw new Error(`the server answered the close with ${serverClose.close?.code ?? 'no code'}, not 1000`);

  return [
    { name: 'ws-handshake', text: handshakeText(session.connection) },
    { name: 'ws-client-text', text: client.dump(subscribe, 'a masked text frame, the subscribe') },
    {
      name: 'ws-server-text',
      text: [server.dump(hello, `an unmasked text frame, the hello (${hello.lengthForm} length)`), server.dump(snapshot, `an unmasked text frame, the book snapshot (${snapshot.lengthForm} length)`)].join('\n\n'),
    },
    { name: 'ws-ping-pong', text: [client.dump(ping, 'a ping (masked, like every client frame)'), server.dump(pong, "the pong, echoing the ping's payload")].join('\n\n') },
    { name: 'ws-close', text: [client.dump(clientClose, 'a close frame, code 1000 and a reason'), server.dump(serverClose, "the server's close frame, echoing the code")].join('\n\n') },
  ];
}
