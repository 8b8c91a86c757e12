// Renders a decoded WebSocket frame as an annotated hex dump: offset, the bytes as they crossed the
// wire, and what they mean, so a reader can check every header bit against RFC 6455 §5.2. Pure.
import { closeCodeName, opcodeName, type WebSocketFrame } from './websocket-frames.ts';

const BYTES_PER_ROW = 16;
const HEX_COLUMN = BYTES_PER_ROW * 3;

export interface FrameDumpOptions {
  /** A payload longer than this is cut; 96 bytes by default. */
  cutAbove?: number;
  /** How many bytes of a cut payload are shown; 64 by default. */
  cutTo?: number;
}

/** `FIN=1 RSV=000 opcode=0x1 (text) MASK=0 length=300 (16-bit)` */
export function describeHeader(frame: WebSocketFrame): string {
  const rsv = frame.rsv.toString(2).padStart(3, '0');
  const opcode = `0x${frame.opcode.toString(16).toUpperCase()}`;
  return `FIN=${frame.fin ? 1 : 0} RSV=${rsv} opcode=${opcode} (${opcodeName(frame.opcode)}) MASK=${frame.masked ? 1 : 0} length=${frame.payloadLength} (${frame.lengthForm})`;
}

/** The frame's lines: header, masking key, payload on the wire, and (when masked) the payload unmasked. */
export function dumpFrame(frame: WebSocketFrame, options: FrameDumpOptions = {}): string[] {
  const lines = [row(0, frame.header, describeHeader(frame))];
  let offset = frame.header.length;
  if (frame.maskingKey) {
    lines.push(row(offset, frame.maskingKey, 'masking key'));
    offset += 4;
  }
  const shown = frame.payloadLength > (options.cutAbove ?? 96) ? (options.cutTo ?? 64) : frame.payloadLength;
  const omitted = frame.payloadLength - shown;
  if (frame.masked) {
    chunk(frame.payloadOnWire.subarray(0, shown)).forEach((bytes, i) => lines.push(row(offset + i * BYTES_PER_ROW, bytes, i === 0 ? 'masked payload (key XOR payload, byte by byte)' : '')));
    if (omitted > 0) lines.push(omittedLine(omitted, frame.payloadLength));
    if (shown > 0) lines.push(`${' '.repeat(6)}unmasked:`);
  }
  lines.push(...payloadRows(frame, shown, frame.masked ? null : offset));
  if (omitted > 0) lines.push(omittedLine(omitted, frame.payloadLength));
  return lines;
}

// The payload after unmasking, annotated: a close frame's 2-byte code and its reason, or the bytes as text.
function payloadRows(frame: WebSocketFrame, shown: number, offset: number | null): string[] {
  const payload = frame.payload.subarray(0, shown);
  const at = (i: number): number | null => (offset === null ? null : offset + i);
  if (frame.close && shown >= 2) {
    const rows = [row(at(0), payload.subarray(0, 2), `close code ${frame.close.code} (${closeCodeName(frame.close.code)}), big-endian`)];
    chunk(payload.subarray(2)).forEach((bytes, i) => rows.push(row(at(2 + i * BYTES_PER_ROW), bytes, `${i === 0 ? 'reason: ' : '        '}${printable(bytes)}`)));
    return rows;
  }
  return chunk(payload).map((bytes, i) => row(at(i * BYTES_PER_ROW), bytes, printable(bytes)));
}

function row(offset: number | null, bytes: Buffer, meaning: string): string {
  const where = offset === null ? '    ' : offset.toString(16).padStart(4, '0');
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${where}  ${meaning ? hex.padEnd(HEX_COLUMN) : hex}${meaning ? `  ${meaning}` : ''}`.trimEnd();
}

function omittedLine(omitted: number, total: number): string {
  return `${' '.repeat(6)}… ${omitted} more payload bytes not shown (${total} in all)`;
}

function chunk(bytes: Buffer): Buffer[] {
  const rows: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += BYTES_PER_ROW) rows.push(bytes.subarray(i, i + BYTES_PER_ROW));
  return rows;
}

/** The bytes as ASCII, `.` for anything not printable (one character per byte, so it lines up with the hex). */
export function printable(bytes: Buffer): string {
  return [...bytes].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
}
