// A refused order op as a value: a stable code for clients and a message for people.
import type { RejectCode } from '../../lib/protocol/orders.ts';

/** Why an op was refused. */
export interface Rejection {
  code: RejectCode;
  message: string;
}

/** The result of a check: the checked value, or the first reason to refuse. */
export type Checked<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };

/** A passed check. */
export function passed<T>(value: T): Checked<T> {
  return { ok: true, value };
}

/** A failed check. */
export function refused<T>(code: RejectCode, message: string): Checked<T> {
  return { ok: false, rejection: { code, message } };
}
