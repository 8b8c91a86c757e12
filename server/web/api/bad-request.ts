// The one shape of a 400 answer: a stable code and a message naming the bad parameter.
import type { z } from 'zod';

/** A 400 response for the first problem zod found. */
export function badRequest(error: z.ZodError): Response {
  const issue = error.issues[0];
  const param = issue?.path.map(String).join('.') || 'query';
  return Response.json({ error: 'bad_request', message: `${param}: ${issue?.message ?? 'invalid'}` }, { status: 400 });
}
