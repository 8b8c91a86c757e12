// Who may import whom, enforced: each import is resolved to a project path (relative or `@/`) or a
// package name, and checked against the rules of the folder the importing file is in.
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
// Packages that only make sense in a Node process.
const SERVER_PACKAGES = ['ioredis', 'nats', 'pg', 'pino', 'pino-http', 'prom-client', 'ws', 'prisma', '@prisma/', '@electric-sql/pglite', 'pglite-prisma-adapter', 'socket.io'];
// lib/ folders and files that hold a process's I/O: browser code may not reach them.
const SERVER_LIB = ['lib/broker/', 'lib/bus/', 'lib/leadership/', 'lib/db/', 'lib/generated/', 'lib/session/', 'lib/accounts/', 'lib/config.ts', 'lib/log.ts', 'lib/metrics.ts', 'lib/runtime.ts', 'lib/shutdown.ts', 'lib/paths.ts'];
const ROLES = ['server/', 'workers/', 'bin/'];

/** The rules, by the folder of the importing file. */
export const BOUNDARIES = [
  {
    files: ['lib/protocol/', 'lib/market/', 'lib/util/'],
    onlyProject: ['lib/protocol/', 'lib/market/', 'lib/util/'],
    isPure: true,
    onlyPackages: ['zod'],
    message: 'lib/protocol, lib/market and lib/util are pure (the wire contract and the market domain): they import nothing of ours but each other, and no package but zod',
  },
  {
    files: ['lib/'],
    denyProject: [...ROLES, 'app/', 'components/'],
    message: 'lib/ is shared by every process: it never imports a role (server/, workers/, bin/) or the UI (app/, components/)',
  },
  {
    files: ['components/', 'lib/client/'],
    denyProject: [...ROLES, 'app/', ...SERVER_LIB],
    denyPackages: [...SERVER_PACKAGES, ...NODE_BUILTINS],
    message: 'browser code (components/, lib/client/) never imports server code, a Node module or a server-only package',
  },
  {
    files: ['app/'],
    denyProject: ['server/gateway/', 'server/http/', 'workers/', 'bin/'],
    message: "app/ reaches the server side only through the web role (server/web/, server/lab/), never the gateway's, the HTTP server's or a worker's internals",
  },
  {
    files: ['workers/feed/'],
    denyProject: ['workers/engine/', 'server/', 'app/', 'components/', 'bin/'],
    message: 'the feed never imports the engine, the gateway, the web role or the UI: only bin/ wires roles together',
  },
  {
    files: ['workers/engine/'],
    denyProject: ['workers/feed/', 'server/', 'app/', 'components/', 'bin/'],
    message: 'the engine never imports the feed, the gateway, the web role or the UI: only bin/ wires roles together',
  },
  {
    files: ['server/'],
    denyProject: ['workers/', 'app/', 'components/', 'bin/'],
    message: 'server/ never imports a worker or the UI: only bin/ wires roles together',
  },
];

/** Where an import points: a project path (relative to the root), or a package name. */
function target(source, filename) {
  if (source.startsWith('@/')) return { project: source.slice(2) };
  if (source.startsWith('.')) return { project: path.relative(ROOT, path.resolve(path.dirname(filename), source)).split(path.sep).join('/') };
  return { package: source };
}

const startsWithAny = (value, prefixes) => prefixes.some((prefix) => value === prefix || value.startsWith(prefix) || `${value}.ts` === prefix);

function violates(rule, where) {
  if (where.project !== undefined) {
    if (rule.onlyProject && !startsWithAny(where.project, rule.onlyProject)) return true;
    return rule.denyProject !== undefined && startsWithAny(where.project, rule.denyProject);
  }
  const name = where.package;
  if (rule.onlyPackages) return !rule.onlyPackages.includes(name);
  return rule.denyPackages !== undefined && rule.denyPackages.some((p) => (p instanceof Set ? p.has(name) : name === p || (p.endsWith('/') && name.startsWith(p))));
}

const PURE_FOLDERS = ['lib/protocol/', 'lib/market/', 'lib/util/'];

const rule = {
  meta: { type: 'problem', docs: { description: "who may import whom (the project's folder boundaries)" }, schema: [] },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const rules = BOUNDARIES.filter((r) => r.files.some((folder) => file.startsWith(folder)));
    if (rules.length === 0) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const where = target(source, context.filename);
      for (const broken of rules.filter((r) => violates(r, where))) context.report({ node, message: `${broken.message} (${source})` });
    };
    const isPure = rules.some((r) => r.isPure);
    return {
      // `new Date()` reads the clock (`Date.now` is banned below, with the other globals).
      NewExpression: (node) => {
        if (isPure && node.callee.type === 'Identifier' && node.callee.name === 'Date' && node.arguments.length === 0) {
          context.report({ node, message: 'lib/protocol, lib/market and lib/util read no clock: take the time as an argument' });
        }
      },
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

/** The plugin and the config block that turns it on, with the pure folders' ban on clocks and randomness. */
export const boundariesConfig = [
  { plugins: { tickwire: { rules: { boundaries: rule } } }, rules: { 'tickwire/boundaries': 'error' } },
  {
    files: PURE_FOLDERS.map((folder) => `${folder}**`),
    rules: {
      'no-restricted-globals': ['error', ...['setTimeout', 'setInterval', 'setImmediate', 'fetch', 'performance', 'process', 'crypto'].map((name) => ({ name, message: 'lib/protocol, lib/market and lib/util do no I/O and read no clock: take time and randomness as arguments' }))],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'pure code reads no clock: take the time as an argument' }, { object: 'Math', property: 'random', message: 'pure code draws no randomness: take a random source as an argument' }],
    },
  },
];
