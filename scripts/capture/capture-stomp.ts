// STOMP 1.2 on /ws (subprotocol `v12.stomp`, docs/codecs.md) as it crosses the wire: the upgrade
// whose 101 selects the subprotocol, then the STOMP frames each WebSocket text frame carried, in
// the order they crossed: CONNECT/CONNECTED, a book SUBSCRIBE with its RECEIPT and first MESSAGE,
// DISCONNECT with its RECEIPT, and the server's close that follows.
import type { Capture, CaptureContext } from './capture-section.ts';
import { shortenLongLines } from './http-message.ts';
import { framesOf, handshakeText, type RecordedFrames } from './recorded-websocket.ts';
import type { WebSocketFrame } from './websocket-frames.ts';
import { openRecordedWebSocket } from './websocket-session.ts';

const SUBPROTOCOL = 'v12.stomp';
const DESTINATION = '/topic/book.BTC-USD.10';
const MAX_LINE_CHARS = 140;

/** A STOMP frame as text: the command, headers, a blank line, the body and the NUL that ends it. */
export function stompFrame(command: string, headers: Record<string, string>, body = ''): string {
  return `${command}\n${Object.entries(headers).map(([name, value]) => `${name}:${value}\n`).join('')}\n${body}\0`;
}

/** The commands of the STOMP frames in one WebSocket message (heart-beats, bare EOLs, skipped). */
export function stompCommands(text: string): string[] {
  return text
    .split('\0')
    .map((frame) => frame.replace(/^[\r\n]+/, ''))
    .filter((frame) => frame.length > 0)
    .map((frame) => frame.split(/\r?\n/, 1)[0] ?? '');
}

const hasCommand = (command: string, detail?: string) => (text: string): boolean => stompCommands(text).includes(command) && (detail === undefined || text.includes(detail));

export async function captureStomp({ recorder }: CaptureContext): Promise<Capture[]> {
  const session = await openRecordedWebSocket(recorder, '/ws', [SUBPROTOCOL]);
  if (session.socket.protocol !== SUBPROTOCOL) throw new Error(`the 101 selected "${session.socket.protocol}", not ${SUBPROTOCOL}`);
  session.socket.send(stompFrame('CONNECT', { 'accept-version': '1.2', host: '127.0.0.1', 'heart-beat': '0,0' }));
  await session.nextText('CONNECTED (is STOMP served on /ws?)', hasCommand('CONNECTED'));
  session.socket.send(stompFrame('SUBSCRIBE', { id: 'sub-0', destination: DESTINATION, receipt: 'subscribed-0' }));
  await session.nextText('the RECEIPT for the SUBSCRIBE', hasCommand('RECEIPT', 'receipt-id:subscribed-0'));
  await session.nextText(`a MESSAGE from ${DESTINATION}`, hasCommand('MESSAGE'));
  session.socket.send(stompFrame('DISCONNECT', { receipt: 'bye-0' }));
  await session.nextText('the RECEIPT for the DISCONNECT', hasCommand('RECEIPT', 'receipt-id:bye-0'));
  // STOMP 1.2: the server closes the connection once it has answered the DISCONNECT.
  await session.closedByServer();

  const client = framesOf(session.connection, 'client→server');
  const server = framesOf(session.connection, 'server→client');
  const firstMessage = server.pick('MESSAGE frame', (f) => f.opcode === 0x1 && hasCommand('MESSAGE')(f.payload.toString()));
  // Every text frame up to the DISCONNECT's RECEIPT, but of the stream of MESSAGEs only the first.
  const shown = [...textFrames(client), ...textFrames(server)]
    .filter(({ frame, from }) => from === client || frame === firstMessage || !stompCommands(frame.payload.toString()).every((c) => c === 'MESSAGE'))
    .sort((a, b) => a.from.timeOf(a.frame) - b.from.timeOf(b.frame));
  const frames = shown.map(({ frame, from }) => {
    const text = shortenLongLines(frame.payload.toString().replace(/\0/g, '^@'), MAX_LINE_CHARS);
    return `${from.title(frame, `${frame.masked ? 'a masked' : 'an unmasked'} text frame of ${frame.payloadLength} bytes`)}\n${text}`;
  });
  const serverClose = server.pick("the server's close frame", (f) => f.opcode === 0x8);
  const clientClose = client.pick("the client's answering close frame", (f) => f.opcode === 0x8);
  const closes = [server.dump(serverClose, "the server's close frame after the RECEIPT"), client.dump(clientClose, 'the client answers the close')];
  return [{ name: 'stomp', text: [handshakeText(session.connection), ...frames, ...closes].join('\n\n') }];
}

// The non-empty text frames one side sent (a heart-beat is a bare EOL).
function textFrames(from: RecordedFrames): { frame: WebSocketFrame; from: RecordedFrames }[] {
  return from.frames.filter((f) => f.opcode === 0x1 && f.payload.toString().trim().length > 0).map((frame) => ({ frame, from }));
}
