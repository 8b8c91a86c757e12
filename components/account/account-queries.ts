// The signed-in user's account over REST (TanStack Query): balance, orders, fills, positions. A 401
// (no session) is an answer, not an error: the lists are then empty and trading is off.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { accountSchema, fillsSchema, ordersSchema, positionsSchema } from '@/lib/client/account-schemas.ts';

async function getJson<S extends z.ZodType>(path: string, schema: S, signal: AbortSignal): Promise<z.infer<S> | null> {
  const response = await fetch(path, { credentials: 'same-origin', signal });
  if (response.status === 401 || response.status === 404) return null;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return schema.parse(await response.json());
}

/** Every account query starts with this key, so one invalidation refreshes them all. */
export const ACCOUNT_KEY = ['account'] as const;

export const accountQuery = queryOptions({ queryKey: [...ACCOUNT_KEY, 'balance'] as const, queryFn: ({ signal }) => getJson('/api/account', accountSchema, signal) });
export const ordersQuery = queryOptions({ queryKey: [...ACCOUNT_KEY, 'orders'] as const, queryFn: ({ signal }) => getJson('/api/orders?limit=50', ordersSchema, signal) });
export const fillsQuery = queryOptions({ queryKey: [...ACCOUNT_KEY, 'fills'] as const, queryFn: ({ signal }) => getJson('/api/fills?limit=50', fillsSchema, signal) });
export const positionsQuery = queryOptions({ queryKey: [...ACCOUNT_KEY, 'positions'] as const, queryFn: ({ signal }) => getJson('/api/positions', positionsSchema, signal) });
