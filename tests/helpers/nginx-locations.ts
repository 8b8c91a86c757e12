// Reads the location blocks of a rendered nginx config and picks the one nginx would use for a path,
// so a test can check a route's proxy settings without waiting out a timeout.

/** One `location` block: its modifier, pattern and directives (name → arguments). */
export interface NginxLocation {
  modifier: '' | '=' | '^~' | '~' | '~*';
  pattern: string;
  directives: Map<string, string>;
}

/** The location blocks of a file, in order; blocks must not nest (ours do not). */
export function parseLocations(config: string): NginxLocation[] {
  const text = config.replace(/#[^\n]*/g, '');
  const locations: NginxLocation[] = [];
  for (const match of text.matchAll(/location\s+(=|\^~|~\*|~)?\s*(\S+)\s*\{([^}]*)\}/g)) {
    const directives = new Map<string, string>();
    for (const statement of (match[3] ?? '').split(';')) {
      const [name, ...args] = statement.trim().split(/\s+/);
      if (name) directives.set(name, args.join(' '));
    }
    locations.push({ modifier: (match[1] ?? '') as NginxLocation['modifier'], pattern: match[2] ?? '', directives });
  }
  return locations;
}

/**
 * The location nginx serves a path from (http://nginx.org/en/docs/http/ngx_http_core_module.html#location):
 * an exact match; else the longest prefix if it is `^~`; else the first matching regex; else the longest prefix.
 */
export function locationFor(locations: NginxLocation[], path: string): NginxLocation | undefined {
  const exact = locations.find((l) => l.modifier === '=' && l.pattern === path);
  if (exact) return exact;
  const prefixes = locations.filter((l) => (l.modifier === '' || l.modifier === '^~') && path.startsWith(l.pattern));
  const longest = prefixes.sort((a, b) => b.pattern.length - a.pattern.length)[0];
  if (longest?.modifier === '^~') return longest;
  const regex = locations.find((l) => (l.modifier === '~' || l.modifier === '~*') && new RegExp(l.pattern, l.modifier === '~*' ? 'i' : '').test(path));
  return regex ?? longest;
}

/** An nginx time (`90s`, `1h`, `500ms`, a bare number of seconds) in milliseconds. */
export function nginxTimeMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new Error(`not an nginx time: ${value}`);
  const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 's'] ?? 1000;
  return Number(match[1]) * unitMs;
}
