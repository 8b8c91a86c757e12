// A UiText in words, with any translator of the whole message tree (the page's, a route handler's or a test's).
import type { UiText } from '../lib/client/ui-text.ts';

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export function renderUiText(t: Translate, text: UiText): string {
  if (!text.values) return t(text.key);
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.values)) values[name] = typeof value === 'object' ? renderUiText(t, value) : value;
  return t(text.key, values);
}
