// The one place that keeps objects on globalThis. Next bundles its own copies of modules for route
// handlers, so in a process that serves Next a module-level instance would exist twice; a
// process-scoped one is created once, by whichever copy asks first, and shared by both.
const KEY = Symbol.for('tickwire.process-scoped');
type Holder = { [KEY]?: Map<string, unknown> };

/** The process's one instance under `name`, created by `create` on first use. Names must be unique. */
export function processScoped<T>(name: string, create: () => T): T {
  const holder = globalThis as Holder;
  const scope = (holder[KEY] ??= new Map<string, unknown>());
  if (!scope.has(name)) scope.set(name, create());
  return scope.get(name) as T;
}
