// The real Redis and PostgreSQL the tests run against, shared with everything else on the machine:
// each run gets its own key prefix and its own database, and cleans up after itself.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A key prefix no other run uses, e.g. `twtest:3f9a1c:`. */
export function uniquePrefix(label = 'twtest'): string {
  return `${label}:${randomBytes(4).toString('hex')}:`;
}

/** Creates an empty database for this test and returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tw_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export { freePort, freePorts } from '../../scripts/lib/free-port.ts';
