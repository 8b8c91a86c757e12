// Socket.IO 4 at /socket.io/ (docs/codecs.md) as it crosses the wire, driven by the real
// socket.io-client with its default transports: the Engine.IO handshake over long polling (a sid
// tagged with the node), the Socket.IO connect, the upgrade to WebSocket (probe, then `5`), and on the
// WebSocket a `subscribe` with its ack and the first `index` event, then the client's disconnect.
// What it shows is the same on every run; only ids, times and values change.
// Engine.IO spreads this over several TCP connections (polls, POSTs, the WebSocket), so every item is
// timed on one clock and shown in the order it crossed, each with a line on what it is.
import { io } from 'socket.io-client';
import { sidTagOf } from '../../lib/protocol/socketio-sid.ts';
import { waitFor } from '../lib/wait-for.ts';
import type { Capture, CaptureContext } from './capture-section.ts';
import { startConnectionClock, type ConnectionClock } from './connection-clock.ts';
import { describePacket, payloadPackets, RECORD_SEPARATOR_SHOWN, showPayload } from './engine-io-packets.ts';
import { dumpFrame } from './frame-dump.ts';
import { headerValue, redactCookies, shortenLongLines, splitHttpMessage } from './http-message.ts';
import { httpMessages } from './http-messages.ts';
import { framesOf, handshakeText } from './recorded-websocket.ts';
import { streamOf, type Direction, type RecordedConnection } from './tcp-recorder.ts';
import type { WebSocketFrame } from './websocket-frames.ts';

const STEP_TIMEOUT_MS = 10_000;
const MAX_LINE_CHARS = 140;
const INDEX_EVENT = /^42\["index",/;
// What the upgrade's packets are for, after what describePacket says they are.
const UPGRADE_STEPS: Record<string, string> = {
  '2probe': 'does the new WebSocket carry packets?',
  '3probe': 'it does',
  '5': "polling ends; from here on the session's packets go over the WebSocket only",
};

/** One thing that crossed the wire: when (on the capture's clock) and how the capture shows it. */
interface WireItem {
  atMs: number;
  text: string;
}

export async function captureSocketIo({ recorder }: CaptureContext): Promise<Capture[]> {
  const clock = startConnectionClock(recorder);
  const origin = `http://127.0.0.1:${recorder.port}`;
  // A browser sends Origin on every request and on the upgrade; Node's client sends what it is told.
  const socket = io(origin, { path: '/socket.io/', reconnection: false, forceNew: true, extraHeaders: { origin } });
  let node: string | undefined;
  let indexEvents = 0;
  let refusal: Error | undefined;
  socket.once('connect_error', (error: Error) => {
    refusal = error;
  });
  socket.once('hello', (hello: { node?: string }) => {
    node = hello.node;
  });
  socket.on('index', () => {
    indexEvents += 1;
  });
  try {
    await waitFor(
      'the Socket.IO connect and the hello',
      () => {
        if (refusal) throw new Error(`the Socket.IO connect failed: ${refusal.message}`);
        return socket.connected && node !== undefined;
      },
      STEP_TIMEOUT_MS,
    );
    await waitFor('the upgrade to WebSocket', () => socket.io.engine.transport.name === 'websocket', STEP_TIMEOUT_MS);
    const ack = (await socket.timeout(STEP_TIMEOUT_MS).emitWithAck('subscribe', { channel: 'index' })) as { ok?: boolean };
    if (ack.ok !== true) throw new Error(`the subscribe was refused: ${JSON.stringify(ack)}`);
    await waitFor('an index event', () => indexEvents > 0, STEP_TIMEOUT_MS);
  } finally {
    socket.disconnect();
  }
  await within(Promise.all(recorder.connections.map((c) => c.closed)), 'every recorded connection to close');

  const tag = sidTagOf(node ?? '');
  const items = recorder.connections.flatMap((connection) => (isWebSocket(connection) ? webSocketItems(connection, clock) : pollingItems(connection, clock, tag)));
  items.sort((a, b) => a.atMs - b.atMs);
  return [{ name: 'socketio', text: items.map((item) => item.text).join('\n\n') }];
}

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms waiting for ${what}`)), STEP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const isWebSocket = (connection: RecordedConnection): boolean => {
  const head = splitHttpMessage(streamOf(connection, 'client→server').bytes).head;
  return headerValue(head, 'Upgrade')?.toLowerCase() === 'websocket';
};

const title = (direction: Direction, atMs: number, connection: RecordedConnection, what: string): string =>
  `${direction.replace('→', ' → ')}, +${atMs.toFixed(1)} ms, TCP connection ${connection.number}: ${what}`;

// Each request and answer of a long-polling connection, with its body's packets. A poll answered
// with a lone noop is left out: the server ends a poll that is still held when the probe succeeds,
// and whether one is held then is a matter of timing, so showing it would make runs differ.
function pollingItems(connection: RecordedConnection, clock: ConnectionClock, tag: string): WireItem[] {
  const requests = sideOf(connection, 'client→server');
  const answers = sideOf(connection, 'server→client');
  return requests.flatMap((request, i) => {
    const answer = answers[i];
    if (answer?.body === '6') return [];
    const requestItem = itemOf(connection, request, requestMeaning(request.head, request.body));
    return answer === undefined ? [requestItem] : [requestItem, itemOf(connection, answer, answerMeaning(answer.body, tag))];
  });

  function sideOf(on: RecordedConnection, direction: Direction): { direction: Direction; atMs: number; head: string; body: string }[] {
    const stream = streamOf(on, direction);
    return httpMessages(stream.bytes).map((m) => ({ direction, atMs: clock.at(on, stream.timeAt(m.offset)), head: m.head, body: m.body.toString('utf8') }));
  }
}

function itemOf(connection: RecordedConnection, message: { direction: Direction; atMs: number; head: string; body: string }, what: string): WireItem {
  const shownBody = message.body === '' ? '' : `\n\n${shortenLongLines(showPayload(message.body), MAX_LINE_CHARS)}`;
  return { atMs: message.atMs, text: `${title(message.direction, message.atMs, connection, what)}\n${redactCookies(message.head)}${shownBody}` };
}

function requestMeaning(head: string, body: string): string {
  const [method = '', target = ''] = head.split(' ', 2);
  const hasSid = new URL(target, 'http://x').searchParams.has('sid');
  if (method === 'GET' && !hasSid) return 'the Engine.IO handshake, a long-polling GET without a sid';
  if (method === 'GET') return "a long poll with the session's sid, held until the server has packets for it";
  return `a ${method} with the session's sid carrying ${packetsMeaning(body)}`;
}

function answerMeaning(body: string, tag: string): string {
  if (body === 'ok') return 'the POST is taken (`ok`); the answer to its packets comes on a poll';
  if (body.startsWith('0')) {
    const { sid } = JSON.parse(body.slice(1)) as { sid?: string };
    if (!sid?.startsWith(`${tag}.`)) throw new Error(`the handshake's sid ${sid ?? '(none)'} does not start with the node's tag ${tag}.`);
    return `Engine.IO open: the sid starts with the node's tag ${tag}, so a balancer can send every poll of the session to this node`;
  }
  return `the poll's answer, ${packetsMeaning(body)}`;
}

function packetsMeaning(body: string): string {
  const packets = payloadPackets(body);
  // The connect's answer carries a sid too, easily taken for the handshake's.
  const described = packets.map((p) => `${describePacket(p)}${p.startsWith('40{') ? " (its sid is the socket's own id, not Engine.IO's)" : ''}`).join(' + ');
  return packets.length > 1 ? `${packets.length} packets (${RECORD_SEPARATOR_SHOWN} is the separator 0x1e): ${described}` : described;
}

// The upgrade and its 101, then the text frames (of the index events only the first) and the closes.
function webSocketItems(connection: RecordedConnection, clock: ConnectionClock): WireItem[] {
  handshakeText(connection); // throws unless Sec-WebSocket-Accept answers the key
  const heads = (['client→server', 'server→client'] as const).map((direction) => {
    const stream = streamOf(connection, direction);
    const atMs = clock.at(connection, stream.timeAt(0));
    const what = direction === 'client→server' ? 'the upgrade to WebSocket, for the same session (its sid in the query)' : 'the WebSocket is open, but packets keep going over polling until the client sends `5`';
    return { atMs, text: `${title(direction, atMs, connection, what)}\n${redactCookies(splitHttpMessage(stream.bytes).head)}` };
  });
  const frames = (['client→server', 'server→client'] as const).flatMap((direction) => {
    const side = framesOf(connection, direction);
    const firstIndex = side.frames.find((f) => f.opcode === 0x1 && INDEX_EVENT.test(f.payload.toString()));
    return side.frames
      .filter((f) => (f.opcode === 0x1 && (!INDEX_EVENT.test(f.payload.toString()) || f === firstIndex)) || f.opcode === 0x8)
      .map((frame) => {
        const atMs = clock.at(connection, side.timeOf(frame));
        return { atMs, text: frameText(frame, title(direction, atMs, connection, frameMeaning(frame))) };
      });
  });
  return [...heads, ...frames];
}

function frameMeaning(frame: WebSocketFrame): string {
  const bytes = `${frame.payloadLength} byte${frame.payloadLength === 1 ? '' : 's'}`;
  if (frame.opcode === 0x8) return `${frame.masked ? "the client's" : "the server's"} close frame (${bytes}), the end of the WebSocket`;
  const payload = frame.payload.toString();
  const step = UPGRADE_STEPS[payload];
  return `${frame.masked ? 'a masked' : 'an unmasked'} text frame of ${bytes}, ${describePacket(payload)}${step === undefined ? '' : `: ${step}`}`;
}

// The client's probe in hex (what every masked frame looks like on the wire); other frames as text.
function frameText(frame: WebSocketFrame, heading: string): string {
  const payload = frame.payload.toString();
  if (payload === '2probe') return [heading, ...dumpFrame(frame)].join('\n');
  if (frame.opcode === 0x8) return heading;
  return `${heading}\n${shortenLongLines(payload, MAX_LINE_CHARS)}`;
}
