// Filesystem locations inside the project, for Node processes (not for code bundled by Next).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the committed SQL migrations live. */
export const MIGRATIONS_DIR = resolve(PROJECT_ROOT, 'prisma', 'migrations');
