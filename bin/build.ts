// `npm run build`: generates the Prisma client and builds the Next.js app ahead of time, stamped so
// that `npm start` after it starts at once (and TICKWIRE_SKIP_BUILD=1 starts accept it).
import { PROJECT_ROOT } from '../lib/paths.ts';
import { buildNextNow, ensurePrismaClient } from './ensure-build.ts';

const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};
ensurePrismaClient(PROJECT_ROOT, log);
buildNextNow(PROJECT_ROOT, log);
log('build ready: `npm start` will not build again until the sources change');
