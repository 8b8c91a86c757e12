// The gateway's modules form no import circle, and its folders depend one way: fanout ← ingest ←
// routing ← codec ← stomp ← connection ← socketio ← gateway.ts. The graph is read from the source files themselves.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const GATEWAY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../server/gateway');
// `import … from './x.ts'`, `export … from '../y.ts'`, `import './z.ts'` and `import('./w.ts')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
/** Folders in dependency order: each may import the ones before it, never one after it. */
const LAYERS = ['fanout', 'ingest', 'routing', 'codec', 'stomp', 'connection', 'socketio'];
/** Top-level modules every folder may import: they import no folder of the gateway. */
const LEAVES = ['gateway-options.ts', 'gateway-metrics.ts', 'gateway-extension.ts'];

type Graph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of every file, as paths relative to the gateway folder (outside ones start with `..`). */
function importGraph(dir: string): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(dir)) {
    const targets = [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((match) => relative(dir, resolve(dirname(file), match[1] ?? '')));
    graph.set(relative(dir, file), targets);
  }
  return graph;
}

/** The first import circle found, as the modules along it (the first repeated at the end), or undefined. */
export function findCycle(graph: Graph): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (node: string): string[] | undefined => {
    if (onPath.has(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node) || !graph.has(node)) return undefined;
    path.push(node);
    onPath.add(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

function layerOf(module: string): number | undefined {
  const index = LAYERS.indexOf(module.split('/')[0] ?? '');
  return index === -1 ? undefined : index;
}

describe('gateway import graph', () => {
  const graph = importGraph(GATEWAY_DIR);

  test('reads every module and its imports', () => {
    assert.ok(graph.size > 30, `only ${graph.size} modules found under ${GATEWAY_DIR}`);
    assert.ok(graph.get('gateway.ts')?.includes('connection/client-session.ts'));
  });

  test('has no import circle', () => {
    const cycle = findCycle(graph);
    assert.equal(cycle, undefined, `import circle: ${cycle?.join(' → ')}`);
  });

  test('finds a circle when there is one, naming its modules', () => {
    const circular: Graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
    ]);
    assert.deepEqual(findCycle(circular), ['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    assert.equal(findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', []]])), undefined);
  });

  test('folders import only the folders before them and the top-level leaves', () => {
    const wrong: string[] = [];
    for (const [module, targets] of graph) {
      const layer = layerOf(module);
      const isLeaf = LEAVES.includes(module);
      if (layer === undefined && !isLeaf) continue; // gateway.ts wires everything
      for (const target of targets) {
        if (target.startsWith('..')) continue;
        const targetLayer = layerOf(target);
        const isAllowed = layer !== undefined && (targetLayer === undefined ? LEAVES.includes(target) : targetLayer <= layer);
        if (!isAllowed) wrong.push(`${module} → ${target}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('reaches outside the gateway only for shared code and the HTTP server it mounts on', () => {
    const outside = [...graph].flatMap(([module, targets]) => targets.filter((t) => t.startsWith('..') && !/^\.\.\/\.\.\/lib\/|^\.\.\/http\//.test(t)).map((t) => `${module} → ${t}`));
    assert.deepEqual(outside, []);
  });
});
