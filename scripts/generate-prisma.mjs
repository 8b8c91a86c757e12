// Generates the Prisma client without a network: generation is WASM, but the CLI insists on
// locating a native schema engine first, so point it at a placeholder file. Writes the schema's
// hash next to the client so `npm start` knows when to regenerate.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const cacheDir = join('node_modules', '.cache', 'tickwire');
const placeholder = join(cacheDir, 'no-schema-engine');
if (!existsSync(placeholder)) {
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(placeholder, '');
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
execFileSync(process.execPath, [cli, 'generate'], { stdio: ['ignore', 'ignore', 'inherit'], env });
const schemaHash = createHash('sha256').update(readFileSync(join('prisma', 'schema.prisma'))).digest('hex');
writeFileSync(join('lib', 'generated', 'prisma', '.schema-hash'), schemaHash);
