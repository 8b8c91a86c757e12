// The successive HTTP/1.1 messages one side sent on a connection (a client may send several requests
// on one connection, and a server answers each in turn), each with where it starts in the stream, so
// a capture can time and show each one. Bodies are framed by Content-Length; a message without one
// has no body (what Engine.IO's requests and answers use; chunked bodies are not read). Pure.
import { headerValue, splitHttpMessage } from './http-message.ts';

export interface HttpMessageAt {
  /** Where the message's first byte is in the stream. */
  offset: number;
  /** The start line and headers, CRLFs as LFs. */
  head: string;
  body: Buffer;
}

/** Every whole message in `stream`, in order; bytes after the last whole one (a cut-off message) are left out. */
export function httpMessages(stream: Buffer): HttpMessageAt[] {
  const messages: HttpMessageAt[] = [];
  let offset = 0;
  while (offset < stream.length) {
    let message;
    try {
      message = splitHttpMessage(stream.subarray(offset));
    } catch {
      break;
    }
    const headLength = stream.length - offset - message.body.length;
    if (headerValue(message.head, 'Transfer-Encoding') !== undefined) throw new Error(`the HTTP message at stream byte ${offset} has a Transfer-Encoding, which this reader does not decode`);
    const length = Number(headerValue(message.head, 'Content-Length') ?? '0');
    if (!Number.isInteger(length) || length < 0) throw new Error(`the HTTP message at stream byte ${offset} has a bad Content-Length`);
    if (message.body.length < length) break;
    messages.push({ offset, head: message.head, body: Buffer.from(message.body.subarray(0, length)) });
    offset += headLength + length;
  }
  return messages;
}
