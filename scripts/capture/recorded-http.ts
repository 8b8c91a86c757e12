// One HTTP GET through the TCP recorder, ended as soon as enough of the body has arrived, so a
// capture of a stream that never ends still finishes; and the recorded exchange as text.
import { request } from 'node:http';
import { waitFor } from '../lib/wait-for.ts';
import { dechunk, headerValue, redactCookies, splitHttpMessage } from './http-message.ts';
import { streamOf, type RecordedConnection, type TcpRecorder } from './tcp-recorder.ts';

const TIMEOUT_MS = 10_000;

/** GETs `path` through the recorder; `isEnough(body so far)` says when to stop reading (by default: at the end). */
export async function recordedGet(recorder: TcpRecorder, path: string, headers: Record<string, string>, isEnough?: (body: string) => boolean): Promise<RecordedConnection> {
  const connectionsBefore = recorder.connections.length;
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: recorder.port, path, headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => {
        body += text;
        if (isEnough?.(body)) {
          req.destroy();
          resolve();
        }
      });
      response.on('end', () => resolve());
      response.on('error', reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`GET ${path}: no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
  const connection = await waitFor('the GET to go through the recorder', () => recorder.connections[connectionsBefore], TIMEOUT_MS);
  await Promise.race([connection.closed, new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS))]);
  return connection;
}

export interface RecordedExchange {
  /** The request's head, cookies redacted. */
  requestHead: string;
  /** The response's head, cookies redacted. */
  responseHead: string;
  /** The response body as received, without chunked framing. */
  responseBody: string;
}

/** The recorded request and response as text. */
export function exchangeOf(connection: RecordedConnection): RecordedExchange {
  const request = splitHttpMessage(streamOf(connection, 'client→server').bytes);
  const response = splitHttpMessage(streamOf(connection, 'server→client').bytes);
  const isChunked = headerValue(response.head, 'Transfer-Encoding')?.toLowerCase() === 'chunked';
  return {
    requestHead: redactCookies(request.head),
    responseHead: redactCookies(response.head),
    responseBody: (isChunked ? dechunk(response.body) : response.body).toString('utf8'),
  };
}
