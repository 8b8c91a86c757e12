// The message files: Korean and English have exactly the same keys and the same placeholders, no
// message is empty, and every key is used by the code (a key the code never names is dead weight
// that translators would keep translating).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MESSAGES } from '../../../i18n/messages.ts';
import { INSTRUMENTS } from '../../../lib/market/instruments.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SOURCE_DIRS = ['app', 'components', 'lib', 'i18n', 'server/web'];

type Tree = { [key: string]: string | Tree };

/** Every message as its dotted path ("ticket.side.buy") and text. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of leaves(value, path)) out.set(p, v);
  }
  return out;
}

/**
 * The ICU arguments a message takes: `{name}`, and `{count, plural, one {…} other {…}}` with the
 * arguments inside its branches (a branch's key, like `one` or `buy`, is not an argument).
 */
function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  let at = 0;
  // Reads text up to the `}` that closes the current branch (or the end), collecting its arguments.
  const text = (): void => {
    while (at < message.length && message[at] !== '}') {
      if (message[at] === '{') argument();
      else at += 1;
    }
  };
  const argument = (): void => {
    const head = /^\{\s*([A-Za-z_]\w*)\s*(?:,\s*(\w+)\s*,?)?/.exec(message.slice(at));
    if (!head) throw new Error(`not an ICU argument at ${at}: ${message}`);
    found.add(head[1] ?? '');
    at += head[0].length;
    if (head[2] === 'select' || head[2] === 'plural' || head[2] === 'selectordinal') {
      // Branches: `key {text}` pairs up to the argument's closing brace.
      for (let branch = /^\s*(=?\w+)\s*\{/.exec(message.slice(at)); branch; branch = /^\s*(=?\w+)\s*\{/.exec(message.slice(at))) {
        at += branch[0].length;
        text();
        at += 1;
      }
    }
    at = message.indexOf('}', at) + 1;
  };
  text();
  return [...found].sort();
}

function sourceText(): string {
  const texts: string[] = [];
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) if (name !== 'generated' && name !== 'node_modules') visit(join(path, name));
    } else if (/\.(ts|tsx)$/.test(path)) texts.push(readFileSync(path, 'utf8'));
  };
  for (const dir of SOURCE_DIRS) visit(join(ROOT, dir));
  return texts.join('\n');
}

const en = leaves(MESSAGES.en as unknown as Tree);
const ko = leaves(MESSAGES.ko as unknown as Tree);

describe('message files', () => {
  it('have the same keys in Korean and English', () => {
    assert.deepEqual([...ko.keys()].filter((k) => !en.has(k)), [], 'keys only in ko.json');
    assert.deepEqual([...en.keys()].filter((k) => !ko.has(k)), [], 'keys only in en.json (untranslated)');
  });

  it('take the same placeholders in both languages', () => {
    const differing = [...en].filter(([key, text]) => argumentsOf(text).join() !== argumentsOf(ko.get(key) ?? '').join()).map(([key]) => key);
    assert.deepEqual(differing, []);
  });

  it('name every instrument, in English as the market does', () => {
    assert.deepEqual(MESSAGES.en.picker.names, Object.fromEntries(INSTRUMENTS.map((i) => [i.symbol, i.name])));
  });

  it('have no empty message', () => {
    assert.deepEqual([...en, ...ko].filter(([, text]) => text.trim() === '').map(([key]) => key), []);
  });

  it('are all used by the code', () => {
    const source = sourceText();
    // A key is named whole ('ns.a.b' or, under its namespace, 'a.b'), or under a prefix a template completes (`a.${x}`).
    const isNamed = (path: string): boolean => {
      const segments = path.split('.');
      for (let start = 0; start < segments.length; start += 1) {
        const key = segments.slice(start).join('.');
        if ([`'${key}'`, `"${key}"`, `\`${key}\``].some((quoted) => source.includes(quoted))) return true;
        for (let end = start + 1; end < segments.length; end += 1) if (source.includes(`\`${segments.slice(start, end).join('.')}.\${`)) return true;
      }
      return false;
    };
    assert.deepEqual([...en.keys()].filter((key) => !isNamed(key)), []);
  });
});
