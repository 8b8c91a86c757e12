// Access logs: one JSON line per HTTP request (when its response ends) and per WebSocket handshake,
// each with a request id — nginx's X-Request-Id when it sent a well-formed one, else a fresh one —
// which the response echoes and route handlers can read from the request's headers. `remoteAddress`
// is the client's address as our proxy trust resolves it; `peer` is the TCP peer when that differs.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { Logger } from '../../lib/log.ts';
import type { AddressOf } from './request-address.ts';

const REQUEST_ID_HEADER = 'x-request-id';
// What we accept from a proxy: an id, not arbitrary text that would end up in every log line.
const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
// Probes and scrapes every few seconds: their lines would bury the requests people read logs for.
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Logs requests and handshakes through the process logger. */
export interface AccessLog {
  /** Assigns the request's id and logs it when the response ends. */
  request(req: IncomingMessage, res: ServerResponse): void;
  /** Assigns the handshake's id, offers the upgrade to the handlers and logs whether one took it. */
  handshake(req: IncomingMessage, offer: () => boolean): boolean;
}

/** Creates the access log of one HTTP server. */
export function createAccessLog(logger: Logger, addressOf: AddressOf): AccessLog {
  const http: HttpLogger = pinoHttp({
    logger,
    genReqId: assignRequestId,
    autoLogging: { ignore: (req) => QUIET_PATHS.has(pathOf(req)) },
    customLogLevel: (_req, res, error) => {
      const status = res?.statusCode ?? 500;
      return error || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    },
    // No headers: they carry session cookies and Bearer tokens.
    serializers: {
      req: (req: { id: string; method: string; url: string; headers: Record<string, string | undefined>; raw: IncomingMessage }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        ...addressesOf(req.raw),
        userAgent: req.headers['user-agent'],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  function addressesOf(req: IncomingMessage): { remoteAddress: string; peer?: string } {
    const remoteAddress = addressOf(req);
    const peer = req.socket.remoteAddress;
    return peer === undefined || peer === remoteAddress ? { remoteAddress } : { remoteAddress, peer };
  }
  return {
    request(req, res) {
      http(req, res);
    },
    handshake(req, offer) {
      const id = assignRequestId(req);
      const isHandled = offer();
      logger.info(
        { req: { id, method: req.method, url: req.url, ...addressesOf(req), origin: req.headers.origin, userAgent: req.headers['user-agent'] }, isHandled },
        isHandled ? 'websocket handshake' : 'websocket handshake refused: no handler for this path',
      );
      return isHandled;
    },
  };
}

function assignRequestId(req: IncomingMessage, res?: ServerResponse): string {
  const offered = req.headers[REQUEST_ID_HEADER];
  const id = typeof offered === 'string' && VALID_REQUEST_ID.test(offered) ? offered : randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  res?.setHeader('X-Request-Id', id);
  return id;
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}
