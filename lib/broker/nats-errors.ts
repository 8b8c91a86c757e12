// What the NATS broker needs to tell apart in JetStream's errors: its stable API error codes
// (https://github.com/nats-io/nats-server/blob/main/server/errors.json), read off whatever nats.js threw.

/** JetStream API error codes the broker handles. */
export const JS_ERRORS = {
  consumerNotFound: 10014,
  streamNameInUse: 10058,
  streamNotFound: 10059,
  /** The expected last sequence of a subject did not match: a KV compare-and-set lost its race. */
  wrongLastSequence: 10071,
  /** A message delete found nothing at that sequence (already deleted, or never written). */
  messageDeleteFailed: 10057,
  /** A stream with `discard: new` is full. */
  maximumMessagesExceeded: 10077,
} as const;

/** The JetStream API error code of an error thrown by nats.js, if it carries one. */
export function jetStreamErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('api_error' in error)) return undefined;
  const apiError: unknown = error.api_error;
  if (typeof apiError !== 'object' || apiError === null || !('err_code' in apiError)) return undefined;
  return typeof apiError.err_code === 'number' ? apiError.err_code : undefined;
}

/** Whether nats.js threw the given JetStream API error. */
export function isJetStreamError(error: unknown, code: number): boolean {
  return jetStreamErrorCode(error) === code;
}

/** A direct get or a message get that found no message at that sequence (trimmed, or never written). */
export function isNoMessage(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '404';
}
