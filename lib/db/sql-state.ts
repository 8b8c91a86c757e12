// The SQLSTATE of a failed query: Prisma passes the database's code on from either driver adapter
// (pg, PGlite) as meta.driverAdapterError.cause.originalCode.
import { Prisma } from '../generated/prisma/client.ts';

/** The database's error code of a Prisma error, or undefined for any other error. */
export function sqlState(error: unknown): string | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  const meta = error.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined;
  const code = meta?.driverAdapterError?.cause?.originalCode;
  return typeof code === 'string' ? code : undefined;
}
