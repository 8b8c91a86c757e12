// Opens the process's one database: embedded PGlite in DATA_DIR by default, PostgreSQL with DATABASE_URL.
// Either way the same migrations are applied and the same generated Prisma client is returned.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';
import { MIGRATIONS_DIR } from '../paths.ts';
import { applyMigrations } from './migrate.ts';

/** The process-wide database handle. */
export interface Database {
  readonly kind: 'pglite' | 'postgresql';
  readonly prisma: PrismaClient;
  /** Round trip to the database; rejects when unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Apply pending migrations before returning (the processes that own the schema do). */
  migrate: boolean;
}

/** Opens the database, migrating it first when asked. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.migrate) : openPglite(options.dataDir, options.migrate);
}

async function openPostgres(url: string, migrate: boolean): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined); // an idle client dropped by the server; the pool replaces it
  if (migrate) {
    const client = await pool.connect();
    try {
      await applyMigrations(
        { query: (sql, params) => client.query(sql, params), exec: (sql) => client.query(sql) },
        MIGRATIONS_DIR,
        { useAdvisoryLock: true },
      );
    } finally {
      client.release();
    }
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgresql',
    prisma,
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string, migrate: boolean): Promise<Database> {
  const folder = join(dataDir, 'pglite');
  await mkdir(folder, { recursive: true });
  const lite = await PGlite.create(folder);
  if (migrate) {
    await applyMigrations({ query: (sql, params) => lite.query(sql, params), exec: (sql) => lite.exec(sql) }, MIGRATIONS_DIR, {
      useAdvisoryLock: false,
    });
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    kind: 'pglite',
    prisma,
    ping: async () => {
      await lite.query('SELECT 1');
    },
    close: async () => {
      await prisma.$disconnect();
      // The adapter's dispose() does nothing; without this the process never exits.
      await lite.close();
    },
  };
}
