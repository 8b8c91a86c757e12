// Session tokens: 32 random bytes, base64url on the wire; only their SHA-256 is ever stored, so a
// leaked database cannot be replayed as sessions.
import { createHash, randomBytes } from 'node:crypto';

/** Bytes of entropy in a token (256 bits, OWASP's session id guidance asks for at least 64). */
export const TOKEN_BYTES = 32;

// 32 bytes in unpadded base64url are exactly 43 characters.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh random token. */
export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Whether a client-supplied string can be a token at all (checked before hashing or querying). */
export function isWellFormedToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** The hex SHA-256 stored in `sessions.token_hash`. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
