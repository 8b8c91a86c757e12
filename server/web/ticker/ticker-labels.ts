// The ticker widget's words in its language (`lang=en|ko`), from the app's message files.
import { createTranslator } from 'next-intl';
import { MESSAGES } from '../../../i18n/messages.ts';
import type { EmbedOptions, TickerStatusLabels } from '../../../lib/protocol/embed-options.ts';

export interface TickerLabels {
  title: string;
  status: TickerStatusLabels;
  columns: { symbol: string; last: string; change: string; bid: string; ask: string };
}

export function tickerLabels(lang: EmbedOptions['lang']): TickerLabels {
  const t = createTranslator({ locale: lang, messages: MESSAGES[lang], namespace: 'ticker' });
  return {
    title: t('title'),
    status: { connecting: t('connecting'), live: t('live'), reconnecting: t('reconnecting') },
    columns: { symbol: t('symbol'), last: t('last'), change: t('change'), bid: t('bid'), ask: t('ask') },
  };
}
