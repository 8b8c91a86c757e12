// A UiText (lib/client/ui-text.ts) in English, as the page shows it: the tests of pure modules assert
// the words a user reads, not just a key.
import { createTranslator } from 'next-intl';
import { MESSAGES } from '../../i18n/messages.ts';
import { renderUiText, type Translate } from '../../i18n/render-ui-text.ts';
import type { UiText } from '../../lib/client/ui-text.ts';

const translators = {
  en: createTranslator({ locale: 'en', messages: MESSAGES.en }) as unknown as Translate,
  ko: createTranslator({ locale: 'ko', messages: MESSAGES.ko }) as unknown as Translate,
};

export function english(text: UiText | undefined): string | undefined {
  return text && renderUiText(translators.en, text);
}

export function korean(text: UiText | undefined): string | undefined {
  return text && renderUiText(translators.ko, text);
}
