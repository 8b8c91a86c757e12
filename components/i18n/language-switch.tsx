'use client';
// EN / 한국어: remembers the choice in the `tw_locale` cookie and re-renders the page's server
// components in it (router.refresh keeps client state: the trader view's socket stays open).
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { LOCALE_NAMES, LOCALES, localeCookie, type AppLocale } from '@/i18n/locales.ts';
import styles from './language-switch.module.css';

/** A preference, not a secret: readable by the page, sent with every request so the server renders in it. */
function rememberLocale(locale: AppLocale): void {
  document.cookie = localeCookie(locale);
}

export function LanguageSwitch({ className }: { className?: string }) {
  const locale = useLocale();
  const t = useTranslations('language');
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const choose = (next: AppLocale): void => {
    if (next === locale) return;
    rememberLocale(next);
    startTransition(() => router.refresh());
  };
  return (
    <div className={`${styles.switch} ${className ?? ''}`} role="group" aria-label={t('label')} aria-busy={isPending} data-testid="language-switch" data-locale={locale}>
      {LOCALES.map((l) => (
        <button key={l} type="button" lang={l} className={styles.option} aria-pressed={l === locale} onClick={() => choose(l)} title={t(`switchTo.${l}`)} data-testid={`language-${l}`}>
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}
