// Sessions in the database: create one for a user, and find the user a presented token belongs to.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { generateToken, hashToken, isWellFormedToken } from './session-token.ts';

/** The user a session belongs to. */
export interface SessionUser {
  userId: string;
  displayName: string;
}

/** Stores a new session for `userId` and returns its token (the only time it exists in clear). */
export async function createSession(prisma: PrismaClient, userId: string): Promise<string> {
  const token = generateToken();
  await prisma.session.create({ data: { tokenHash: hashToken(token), userId } });
  return token;
}

/** The session's user, or undefined for a malformed, unknown or deleted session. */
export async function findSessionUser(prisma: PrismaClient, token: string): Promise<SessionUser | undefined> {
  if (!isWellFormedToken(token)) return undefined;
  const session = await prisma.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { user: { select: { id: true, displayName: true } } },
  });
  return session === null ? undefined : { userId: session.user.id, displayName: session.user.displayName };
}
