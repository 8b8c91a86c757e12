// The interface's languages and how a request picks one: a remembered choice (the `tw_locale` cookie)
// first, else the browser's Accept-Language (its most preferred language we have), else English.
// Pure: the request's cookie and header in, a locale out.

export const LOCALES = ['en', 'ko'] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'en';

/** The remembered choice: `tw_locale=ko|en`, set by the language switch. */
export const LOCALE_COOKIE = 'tw_locale';
const ONE_YEAR_S = 365 * 24 * 3600;

/** Each language's name in itself, for the switch. */
export const LOCALE_NAMES: Record<AppLocale, string> = { en: 'EN', ko: '한국어' };

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** One language range of an Accept-Language header and its weight. */
export interface LanguageRange {
  tag: string;
  q: number;
}

const Q_VALUE = /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i;

/**
 * The ranges of an Accept-Language header ("ko-KR,ko;q=0.9,en;q=0.8"), most preferred first; equal
 * weights keep the header's order. A range with a malformed weight is dropped, q=0 means "not this one".
 */
export function parseAcceptLanguage(header: string | null | undefined): LanguageRange[] {
  if (!header) return [];
  const ranges: LanguageRange[] = [];
  for (const part of header.split(',')) {
    const [rawTag, ...params] = part.split(';').map((s) => s.trim());
    if (!rawTag || !/^([a-z]{1,8}(-[a-z0-9]{1,8})*|\*)$/i.test(rawTag)) continue;
    const weight = params.find((p) => /^q=/i.test(p));
    if (weight !== undefined && !Q_VALUE.test(weight)) continue;
    const q = weight === undefined ? 1 : Number(weight.slice(2));
    if (q > 0) ranges.push({ tag: rawTag.toLowerCase(), q });
  }
  // Array.prototype.sort is stable: equal weights stay in header order.
  return ranges.sort((a, b) => b.q - a.q);
}

/** Our language for a range: `ko`, `ko-KR` → ko; `en`, `en-GB` → en; anything else (and `*`) → none. */
function localeOfRange(tag: string): AppLocale | undefined {
  const primary = tag.split('-')[0];
  return isLocale(primary) ? primary : undefined;
}

/** The browser's most preferred language that we have, if any. */
export function localeFromAcceptLanguage(header: string | null | undefined): AppLocale | undefined {
  for (const range of parseAcceptLanguage(header)) {
    const locale = localeOfRange(range.tag);
    if (locale) return locale;
  }
  return undefined;
}

/** The request's locale: the cookie when it names one of ours, else Accept-Language, else English. */
export function resolveLocale(request: { cookie: string | null | undefined; acceptLanguage: string | null | undefined }): AppLocale {
  if (isLocale(request.cookie)) return request.cookie;
  return localeFromAcceptLanguage(request.acceptLanguage) ?? DEFAULT_LOCALE;
}

/** The `document.cookie` assignment that remembers a choice for a year, site-wide. */
export function localeCookie(locale: AppLocale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax`;
}

/** The BCP 47 tag to format numbers and dates with (Intl): Korean as used in Korea. */
export function intlLocale(locale: AppLocale): string {
  return locale === 'ko' ? 'ko-KR' : 'en-US';
}
