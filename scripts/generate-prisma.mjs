// Generates the Prisma client without a network: generation is WASM, but the CLI insists
// on locating a native schema engine first, so point it at a placeholder file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const placeholder = join('node_modules', '.cache', 'tickwire', 'no-schema-engine');
if (!existsSync(placeholder)) {
  mkdirSync(join('node_modules', '.cache', 'tickwire'), { recursive: true });
  writeFileSync(placeholder, '');
}
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
execFileSync(process.execPath, [cli, 'generate'], { stdio: ['ignore', 'ignore', 'inherit'], env });
