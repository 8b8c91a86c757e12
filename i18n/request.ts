// next-intl's per-request configuration (found by the plugin in next.config.js): without i18n routing,
// so URLs stay as they are and the locale comes from the request itself (i18n/locales.ts).
import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { isLocale, LOCALE_COOKIE, resolveLocale } from './locales.ts';
import { MESSAGES } from './messages.ts';

export default getRequestConfig(async ({ locale: explicit }) => {
  // An explicit locale (getTranslations({ locale })) wins; a page's comes from its request.
  const locale = isLocale(explicit) ? explicit : resolveLocale({ cookie: (await cookies()).get(LOCALE_COOKIE)?.value, acceptLanguage: (await headers()).get('accept-language') });
  return { locale, messages: MESSAGES[locale] };
});
