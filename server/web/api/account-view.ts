// The account as the REST API shows it, and the bodies that change it.
import { z } from 'zod';
import { displayNameSchema } from '../../../lib/accounts/display-name.ts';
import { STARTING_CASH } from '../../../lib/accounts/demo-accounts.ts';
import { formatMoney } from '../../../lib/accounts/money.ts';
import type { PrismaClient } from '../../../lib/generated/prisma/client.ts';

/** `GET /api/account`. */
export interface AccountView {
  userId: string;
  displayName: string;
  /** Cash, 8 decimals; open buy orders hold part of it back. */
  cash: string;
  /** What a reset restores. */
  startingCash: string;
  /** ms since the epoch. */
  createdAt: number;
}

/** `PATCH /api/account`. */
export const accountPatchSchema = z.strictObject({ displayName: displayNameSchema });

/**
 * `POST /api/session`: the body is optional, and so is the name. The token of a new session is in the
 * answer only for `bearer: true` (a client that will send `Authorization: Bearer`); a browser keeps it in the HttpOnly cookie.
 */
export const sessionCreateSchema = z.strictObject({ displayName: displayNameSchema.optional(), bearer: z.boolean({ message: 'must be true or false' }).optional() });

/** The validated body of `POST /api/session`. */
export type SessionCreate = z.infer<typeof sessionCreateSchema>;

/** The user's account, or undefined when the user is gone. */
export async function readAccount(prisma: PrismaClient, userId: string): Promise<AccountView | undefined> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (user === null) return undefined;
  return { userId: user.id, displayName: user.displayName, cash: user.cash.toFixed(8), startingCash: formatMoney(STARTING_CASH), createdAt: user.createdAt.getTime() };
}
