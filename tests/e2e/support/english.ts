// A UiText (lib/client/ui-text.ts) in English, as the page shows it, for specs that compare with the
// page's words. The messages are read from disk: Playwright's loader takes no JSON import without an attribute.
import { readFileSync } from 'node:fs';
import { createTranslator } from 'next-intl';
import { renderUiText, type Translate } from '../../../i18n/render-ui-text.ts';
import type { UiText } from '../../../lib/client/ui-text.ts';

const messages: unknown = JSON.parse(readFileSync(new URL('../../../messages/en.json', import.meta.url), 'utf8'));
const translate = createTranslator({ locale: 'en', messages: messages as Parameters<typeof createTranslator>[0]['messages'] }) as unknown as Translate;

export function english(text: UiText): string {
  return renderUiText(translate, text);
}
