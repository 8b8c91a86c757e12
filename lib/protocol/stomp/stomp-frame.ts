// STOMP 1.2 frames as the gateway reads and writes them (https://stomp.github.io/stomp-specification-1.2.html):
// the frame type, the command sets, header escaping and the encoder. The encoder sits on the fan-out path,
// so it sizes the frame once and writes it into one Buffer.

/** One STOMP frame: headers in wire order (a name may repeat; the first occurrence wins), body as UTF-8 text. */
export interface StompFrame {
  command: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body: string;
}

/** Commands a client sends (STOMP 1.2). */
export const STOMP_CLIENT_COMMANDS = [
  'CONNECT', 'STOMP', 'SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT', 'DISCONNECT',
] as const;

/** Commands a server sends (STOMP 1.2). */
export const STOMP_SERVER_COMMANDS = ['CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR'] as const;

export type StompClientCommand = (typeof STOMP_CLIENT_COMMANDS)[number];
export type StompServerCommand = (typeof STOMP_SERVER_COMMANDS)[number];

/** Both command sets, for membership tests. */
export const STOMP_COMMANDS: { readonly client: ReadonlySet<string>; readonly server: ReadonlySet<string> } = {
  client: new Set<string>(STOMP_CLIENT_COMMANDS),
  server: new Set<string>(STOMP_SERVER_COMMANDS),
};

/** The value of the first header called `name` (STOMP 1.2: a repeated header's first occurrence wins). */
export function headerOf(frame: Pick<StompFrame, 'headers'>, name: string): string | undefined {
  for (const [key, value] of frame.headers) if (key === name) return value;
  return undefined;
}

/** Whether a frame's header names and values are escaped: all but CONNECT and CONNECTED (kept 1.0-compatible). */
export function escapesHeaders(command: string): boolean {
  return command !== 'CONNECT' && command !== 'CONNECTED';
}

const NEEDS_ESCAPE = /[\\\n\r:]/;
const TO_ESCAPE = /[\\\n\r:]/g;
const ESCAPED: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', ':': '\\c' };

/** A header name or value escaped per STOMP 1.2 (`\` `\n` `\r` `:` → `\\` `\n` `\r` `\c`). */
export function escapeHeader(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(TO_ESCAPE, (c) => ESCAPED[c] ?? c) : text;
}

/** Why a header could not be unescaped, or the unescaped text. */
export type UnescapeResult = { ok: true; text: string } | { ok: false; escape: string };

/** Reverses {@link escapeHeader}; any other backslash sequence (`\t`, a trailing `\`) is undefined and refused. */
export function unescapeHeader(text: string): UnescapeResult {
  let slash = text.indexOf('\\');
  if (slash < 0) return { ok: true, text };
  let out = '';
  let from = 0;
  while (slash >= 0) {
    const next = text[slash + 1];
    const plain = next === '\\' ? '\\' : next === 'n' ? '\n' : next === 'r' ? '\r' : next === 'c' ? ':' : undefined;
    if (plain === undefined) return { ok: false, escape: `\\${next ?? ''}` };
    out += text.slice(from, slash) + plain;
    from = slash + 2;
    slash = text.indexOf('\\', from);
  }
  return { ok: true, text: out + text.slice(from) };
}

function isIterable(value: object): value is Iterable<readonly [string, string]> {
  return typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}

/**
 * One frame on the wire: `COMMAND\n`, `name:value\n` lines in the order given, `\n`, body, NUL. Names and
 * values are escaped except on CONNECT and CONNECTED, whose values must then hold no `\n` or `\r` (and names
 * no `:`). A non-empty body without a `content-length` header gets one (its UTF-8 byte length), so a body may
 * hold NULs.
 */
export function encodeStompFrame(
  command: string,
  headers: Iterable<readonly [string, string]> | Readonly<Record<string, string>>,
  body = '',
): Buffer {
  const escape = escapesHeaders(command);
  let head = `${command}\n`;
  let hasLength = false;
  const add = (name: string, value: string): void => {
    if (name === 'content-length') hasLength = true;
    head += escape ? `${escapeHeader(name)}:${escapeHeader(value)}\n` : `${name}:${value}\n`;
  };
  if (isIterable(headers)) {
    for (const [name, value] of headers) add(name, value);
  } else {
    for (const name of Object.keys(headers)) add(name, headers[name] ?? '');
  }
  const bodyBytes = body.length === 0 ? 0 : Buffer.byteLength(body, 'utf8');
  if (bodyBytes > 0 && !hasLength) head += `content-length:${bodyBytes}\n`;
  head += '\n';
  const headBytes = Buffer.byteLength(head, 'utf8');
  const frame = Buffer.allocUnsafe(headBytes + bodyBytes + 1);
  frame.write(head, 0, 'utf8');
  if (bodyBytes > 0) frame.write(body, headBytes, 'utf8');
  frame[headBytes + bodyBytes] = 0;
  return frame;
}
