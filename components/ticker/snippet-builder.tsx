'use client';
// The /embed page's preview and copy-paste snippets, with the widget's language to choose (the page's
// own by default): the previews and both snippets follow the choice.
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { LOCALE_NAMES, LOCALES, type AppLocale } from '@/i18n/locales.ts';
import { CopyButton } from './copy-button.tsx';
import { frameHeight, iframeSnippet, scriptSnippet, tickerPath, type SnippetOptions } from './embed-snippets.ts';

type Preset = Omit<SnippetOptions, 'lang'>;

interface Props {
  origin: string;
  /** The strip the snippets show, then any other layouts previewed. */
  presets: readonly [Preset, ...Preset[]];
  initialLang: AppLocale;
  classNames: { preview?: string; snippet?: string; language?: string };
}

export function SnippetBuilder({ origin, presets, initialLang, classNames }: Props) {
  const t = useTranslations('embed');
  const [lang, setLang] = useState<AppLocale>(initialLang);
  const [main] = presets;
  const chosen: SnippetOptions = { ...main, lang };
  const snippets = [
    { label: t('iframeSnippet'), text: iframeSnippet(origin, chosen), testId: 'snippet-iframe' },
    { label: t('scriptSnippet'), text: scriptSnippet(origin, chosen), testId: 'snippet-script' },
  ];
  return (
    <>
      <h2>{t('preview')}</h2>
      <div className={classNames.preview}>
        {presets.map((preset) => (
          <iframe key={`${preset.layout}:${lang}`} src={tickerPath({ ...preset, lang })} title={t('frameTitle', { layout: preset.layout })} height={frameHeight({ ...preset, lang })} />
        ))}
      </div>

      <h2>{t('copyPaste')}</h2>
      <label className={classNames.language}>
        {t('widgetLanguage')}{' '}
        <select value={lang} onChange={(e) => setLang(e.target.value === 'ko' ? 'ko' : 'en')} data-testid="snippet-lang">
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      {snippets.map((s) => (
        <pre key={s.testId} className={classNames.snippet}>
          <code data-testid={s.testId}>{s.text}</code>
          <CopyButton text={s.text} label={s.label} />
        </pre>
      ))}
    </>
  );
}
