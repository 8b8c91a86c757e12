// Turns the recorded bytes of an HTTP/1.1 exchange into text for the docs: the head as sent, the body
// without its chunked framing, cookies redacted and very long lines shortened with a count of what
// was left out. Pure.

const HEAD_END = Buffer.from('\r\n\r\n');

export interface HttpMessage {
  /** The start line and headers, CRLFs as LFs, without the blank line that ends them. */
  head: string;
  /** What followed the head. */
  body: Buffer;
}

/** Splits recorded bytes at the first blank line; throws if the head is not complete. */
export function splitHttpMessage(bytes: Buffer): HttpMessage {
  const end = bytes.indexOf(HEAD_END);
  if (end < 0) throw new Error(`no complete HTTP head in ${bytes.length} recorded bytes`);
  return { head: bytes.subarray(0, end).toString('latin1').replace(/\r\n/g, '\n'), body: bytes.subarray(end + HEAD_END.length) };
}

/** The value of a header in a head (case-insensitive), or undefined. */
export function headerValue(head: string, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const line of head.split('\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return undefined;
}

/** `Cookie` and `Set-Cookie` keep their cookies' names (and a Set-Cookie its attributes), lose the values. */
export function redactCookies(head: string): string {
  const redactPair = (pair: string): string => pair.replace(/^(\s*[^=]+=).*$/, '$1<redacted>');
  return head
    .split('\n')
    .map((line) => {
      const match = /^(cookie|set-cookie):\s*(.*)$/i.exec(line);
      if (!match) return line;
      const [, name = '', value = ''] = match;
      const [first = '', ...rest] = value.split(';');
      const pairs = name.toLowerCase() === 'cookie' ? [first, ...rest].map(redactPair) : [redactPair(first), ...rest];
      return `${name}: ${pairs.join(';')}`;
    })
    .join('\n');
}

/**
 * A chunked body without its framing: the chunks' data joined, as far as the recorded bytes go (a
 * stream cut off mid-chunk keeps what arrived of it).
 */
export function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error(`not a chunk size at body byte ${offset}`);
    if (size === 0) break;
    const start = lineEnd + 2;
    parts.push(body.subarray(start, Math.min(start + size, body.length)));
    offset = start + size + 2;
  }
  return Buffer.concat(parts);
}

/** Lines longer than `maxChars` cut there, with how many characters were left out. */
export function shortenLongLines(text: string, maxChars: number): string {
  return text
    .split('\n')
    .map((line) => (line.length > maxChars ? `${line.slice(0, maxChars)}… (${line.length - maxChars} more characters)` : line))
    .join('\n');
}
