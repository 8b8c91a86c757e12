// Applies the committed Prisma migrations (prisma/migrations/*/migration.sql) in order and records
// them in `_prisma_migrations` exactly as `prisma migrate deploy` does, so either tool can take over.
// We apply them ourselves because the Prisma CLI needs a native engine it downloads at run time.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The two SQL operations the migrator needs; PGlite and node-postgres both provide them. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<unknown>;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same in every process migrating the same database.
const ADVISORY_LOCK_KEY = 72_417_300;

/** Applies every migration not yet applied; returns the names it applied. Safe to run from several processes at once. */
export async function applyMigrations(db: SqlRunner, migrationsDir: string, options: { useAdvisoryLock: boolean }): Promise<string[]> {
  if (options.useAdvisoryLock) await db.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
  try {
    await db.exec(CREATE_TABLE);
    const done = await db.query('SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL');
    const applied = new Map(done.rows.map((r) => [String(r.migration_name), { isFinished: r.finished_at !== null }]));
    const names: string[] = [];
    for (const name of await listMigrations(migrationsDir)) {
      const sql = await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = applied.get(name);
      if (previous) {
        if (!previous.isFinished) throw new Error(`migration ${name} failed earlier and needs manual repair`);
        continue;
      }
      await applyOne(db, name, sql, checksum);
      names.push(name);
    }
    return names;
  } finally {
    if (options.useAdvisoryLock) await db.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
  }
}

async function listMigrations(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function applyOne(db: SqlRunner, name: string, sql: string, checksum: string): Promise<void> {
  const id = randomUUID();
  await db.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())', [id, checksum, name]);
  await db.exec(`BEGIN;\n${sql}\nCOMMIT;`).catch(async (error: unknown) => {
    await db.exec('ROLLBACK').catch(() => undefined);
    await db.query('DELETE FROM "_prisma_migrations" WHERE id = $1', [id]);
    throw new Error(`migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  await db.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
}
