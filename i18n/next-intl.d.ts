// Types next-intl's calls by our locales and the English messages: a key that is not in
// messages/en.json fails the type check.
import type { AppLocale } from './locales.ts';
import type { Messages } from './messages.ts';

declare module 'next-intl' {
  interface AppConfig {
    Locale: AppLocale;
    Messages: Messages;
  }
}
