// Engine.IO 4 and Socket.IO 4 packets as the Socket.IO capture shows them: a long-polling payload
// split into its packets (they are joined by the record separator 0x1e) and a few words on what each
// packet is, read from its type digits. Pure: text in, text out.

/** The record separator Engine.IO 4 puts between the packets of one long-polling payload. */
export const RECORD_SEPARATOR = '\x1e';
/** How the capture prints it: a visible stand-in, like STOMP's NUL printed as `^@`. */
export const RECORD_SEPARATOR_SHOWN = '␞';

/** The packets of a long-polling payload, in order. */
export function payloadPackets(payload: string): string[] {
  return payload.length === 0 ? [] : payload.split(RECORD_SEPARATOR);
}

/** The payload with each record separator made visible. */
export function showPayload(payload: string): string {
  return payload.split(RECORD_SEPARATOR).join(RECORD_SEPARATOR_SHOWN);
}

const ENGINE_TYPES: Record<string, string> = {
  '0': 'open',
  '1': 'close',
  '2': 'ping',
  '3': 'pong',
  '5': 'upgrade',
  '6': 'noop',
};

const SOCKET_IO_TYPES: Record<string, string> = {
  '0': 'connect',
  '1': 'disconnect',
  '2': 'event',
  '3': 'ack',
  '4': 'connect error',
  '5': 'binary event',
  '6': 'binary ack',
};

// A Socket.IO packet after Engine.IO's `4`: type, attachments (binary only), namespace, ack id, JSON.
const SOCKET_IO_PACKET = /^(\d)(?:\d+-)?(\/[^,]*,)?(\d*)([\s\S]*)$/;

/** `Engine.IO ping "probe"`, `Socket.IO event "subscribe" asking for ack 0`, `Socket.IO ack 0`, … */
export function describePacket(packet: string): string {
  const type = packet.charAt(0);
  if (type === '4') return describeSocketIo(packet.slice(1));
  const name = ENGINE_TYPES[type];
  if (name === undefined) return `not an Engine.IO packet (type "${type}")`;
  const data = packet.slice(1);
  return `Engine.IO ${name}${data === 'probe' ? ' "probe"' : ''}`;
}

function describeSocketIo(packet: string): string {
  const match = SOCKET_IO_PACKET.exec(packet);
  const name = SOCKET_IO_TYPES[match?.[1] ?? ''];
  if (!match || name === undefined) return 'Engine.IO message (not a Socket.IO packet)';
  const [, type = '', namespace, ackId = '', data = ''] = match;
  const isEvent = type === '2' || type === '5';
  const event = isEvent ? eventName(data) : undefined;
  const ack = ackId === '' ? '' : isEvent ? ` asking for ack ${ackId}` : ` ${ackId}`;
  const where = namespace === undefined ? '' : `, namespace ${namespace.slice(0, -1)}`;
  return `Socket.IO ${name}${event === undefined ? '' : ` "${event}"`}${ack}${where}`;
}

// The first element of an event's JSON array, when it is a string.
function eventName(data: string): string | undefined {
  try {
    const parsed = JSON.parse(data) as unknown;
    return Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed[0] : undefined;
  } catch {
    return undefined;
  }
}
