// Reads a route handler's JSON body through a zod schema: a bounded size, clear 400/413 answers.
import type { z } from 'zod';

/** Bodies of these endpoints are a few fields; anything larger is refused unread. */
export const MAX_BODY_BYTES = 4096;

/** The parsed body, or the response to send instead. */
export type BodyResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Parses the body with `schema`; an empty body is read as `{}` when `isOptional`. */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>, options: { isOptional: boolean }): Promise<BodyResult<T>> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  const text = declared > MAX_BODY_BYTES ? undefined : await readBounded(request);
  if (text === undefined) return refuse(413, 'payload_too_large', `body: at most ${MAX_BODY_BYTES} bytes`);
  let value: unknown;
  if (text.trim() === '') {
    if (!options.isOptional) return refuse(400, 'bad_request', 'body: expected a JSON object');
    value = {};
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      return refuse(400, 'bad_request', 'body: not valid JSON');
    }
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  return refuse(400, 'bad_request', `${field}: ${issue?.message ?? 'invalid'}`);
}

// Reads at most MAX_BODY_BYTES, so a chunked body without a Content-Length cannot fill memory first.
async function readBounded(request: Request): Promise<string | undefined> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function refuse(status: number, error: string, message: string): BodyResult<never> {
  return { ok: false, response: Response.json({ error, message }, { status }) };
}
