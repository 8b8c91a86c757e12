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
export const TRADER_NAMESPACES = ['language', 'theme', 'picker', 'headline', 'status', 'hops', 'chart', 'depth', 'book', 'tape', 'ticket', 'orders', 'account', 'deadman', 'hotkeys'] as const satisfies readonly Namespace[];

/** What the transport lab's client components translate. */
export const LAB_NAMESPACES = ['language', 'hops', 'lab'] as const satisfies readonly Namespace[];

/** Every message's full dotted key ("orders.reject.NO_LIQUIDITY"), for pure modules that say what to show. */
type LeafKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafKeys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = LeafKeys<Messages>;

/** What the /embed help page's client components translate. */
export const EMBED_NAMESPACES = ['embed'] as const satisfies readonly Namespace[];
