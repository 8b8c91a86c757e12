import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { generateToken, hashToken, isWellFormedToken } from '../../../lib/session/session-token.ts';

describe('session tokens', () => {
  it('are 32 random bytes in unpadded base64url, never repeating', () => {
    const tokens = Array.from({ length: 200 }, generateToken);
    for (const token of tokens) {
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(token, 'base64url').length, 32);
    }
    assert.equal(new Set(tokens).size, tokens.length);
  });

  it('are stored only as their hex SHA-256', () => {
    const token = generateToken();
    assert.equal(hashToken(token), createHash('sha256').update(token).digest('hex'));
    assert.match(hashToken(token), /^[0-9a-f]{64}$/);
    assert.notEqual(hashToken(token), token);
  });

  it('refuses anything that cannot be a token before it reaches the database', () => {
    assert.equal(isWellFormedToken(generateToken()), true);
    for (const bad of ['', 'abc', `${generateToken()}x`, generateToken().slice(1), `${generateToken().slice(1)}=`, `${generateToken().slice(1)}+`, "' OR 1=1 --"]) {
      assert.equal(isWellFormedToken(bad), false, JSON.stringify(bad));
    }
  });
});
