// The gateway's edge: turns one untrusted text frame into a typed request or the exact error to reply with.
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../../lib/protocol/codes.ts';
import { MARKET_OPS, marketRequestSchema, type MarketRequest } from '../../../lib/protocol/messages.ts';
import { ORDER_OPS, orderAmendSchema, orderCancelAllSchema, orderCancelSchema, orderDeadmanSchema, orderPlaceSchema, type OrderRequest } from '../../../lib/protocol/orders.ts';

/** Any request a client may send: market data, or an order op. */
export type ClientRequest = MarketRequest | OrderRequest;

/** A refused frame: the code and message of the error reply, and the request id when one could be read. */
export interface FrameRejection {
  code: ErrorCode;
  message: string;
  id?: string | number;
}

/** A typed request, or why the frame was refused. */
export type ParsedFrame = { ok: true; request: ClientRequest } | ({ ok: false } & FrameRejection);

const echoableId = z.union([z.string().max(64), z.number().int()]);
const KNOWN_OPS: readonly string[] = [...MARKET_OPS, ...ORDER_OPS];
const knownOps: ReadonlySet<string> = new Set(KNOWN_OPS);
// Each order op has its own schema so an error names the bad field of that op, not a union's.
const ORDER_SCHEMAS = {
  'order.place': orderPlaceSchema,
  'order.cancel': orderCancelSchema,
  'order.amend': orderAmendSchema,
  'order.cancelAll': orderCancelAllSchema,
  'order.deadman': orderDeadmanSchema,
} as const satisfies Record<OrderRequest['op'], unknown>;

/** Parses and validates a client frame; never throws. */
export function parseClientFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return reject(ERROR_CODES.BAD_JSON, `not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`);
  }
  return parseClientRequest(value);
}

/** Validates a request already read from JSON (another codec's frame, e.g. a STOMP SEND); never throws. */
export function parseClientRequest(value: unknown): ParsedFrame {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject(ERROR_CODES.BAD_MESSAGE, 'expected a JSON object with an "op" field');
  }
  const record = value as Record<string, unknown>;
  const idResult = echoableId.safeParse(record.id);
  const id = idResult.success ? idResult.data : undefined;
  const op = record.op;
  if (typeof op !== 'string') return reject(ERROR_CODES.BAD_MESSAGE, 'op: expected a string', id);
  if (!knownOps.has(op)) return reject(ERROR_CODES.UNKNOWN_OP, `unknown op ${JSON.stringify(op.slice(0, 32))}; expected one of ${KNOWN_OPS.join(', ')}`, id);
  const parsed = isOrderOp(op) ? ORDER_SCHEMAS[op].safeParse(value) : marketRequestSchema.safeParse(value);
  if (!parsed.success) return reject(ERROR_CODES.BAD_MESSAGE, describeIssue(parsed.error.issues[0]), id);
  return { ok: true, request: parsed.data };
}

function isOrderOp(op: string): op is OrderRequest['op'] {
  return Object.hasOwn(ORDER_SCHEMAS, op);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid message';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function reject(code: ErrorCode, message: string, id?: string | number): ParsedFrame {
  return id === undefined ? { ok: false, code, message } : { ok: false, code, message, id };
}
