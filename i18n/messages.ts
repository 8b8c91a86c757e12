// The message files, one per locale, with the same keys (tests/unit/i18n/messages.test.ts checks it).
// English is the reference: its shape types every translation call (i18n/next-intl.d.ts).
import en from '../messages/en.json';
import ko from '../messages/ko.json';
import type { AppLocale } from './locales.ts';

export type Messages = typeof en;
export type Namespace = keyof Messages;

export const MESSAGES: Record<AppLocale, Messages> = { en, ko };

/** Only the namespaces a page's client components use: the rest need not travel in its HTML. */
export function pickMessages(messages: Messages, namespaces: readonly Namespace[]): Partial<Messages> {
  return Object.fromEntries(namespaces.map((ns) => [ns, messages[ns]]));
}

/** What the trader view's client components translate. */
export const TRADER_NAMESPACES = ['language', 'theme'] as const satisfies readonly Namespace[];

/** What the transport lab's client components translate. */
export const LAB_NAMESPACES = ['language'] as const satisfies readonly Namespace[];
