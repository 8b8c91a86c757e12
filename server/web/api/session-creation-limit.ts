// New demo accounts per client address, counted in the broker so the limit holds across web nodes:
// accounts are free, and each one would otherwise be a fresh order budget and a fresh row.
import { CLIENT_ADDRESS_HEADER, limitKeyOf } from '../../../lib/net/client-address.ts';
import type { Runtime } from '../../../lib/runtime.ts';
import { NO_STORE } from './with-session.ts';

/** Counts one new account for the request's client address; the 429 to send instead when it is over the limit. */
export async function refuseTooManySessions(request: Request, runtime: Pick<Runtime, 'broker' | 'config'>): Promise<Response | undefined> {
  // The custom server stamps the header on every request it hands over; without it (a bare Next) all share one budget.
  const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
  const { perAddress, windowMs } = runtime.config.sessionCreation;
  const verdict = await runtime.broker.rateLimit(`sessions:address:${limitKeyOf(address)}`, { points: perAddress, durationMs: windowMs });
  if (verdict.allowed) return undefined;
  const retryAfterS = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  const message = `too many new accounts from this address: at most ${perAddress} per ${Math.ceil(windowMs / 1000)} s; retry in ${retryAfterS} s`;
  return Response.json({ error: 'rate_limited', message }, { status: 429, headers: { ...NO_STORE, 'Retry-After': String(retryAfterS) } });
}
