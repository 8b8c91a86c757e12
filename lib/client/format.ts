// Display formatting for prices, sizes, money and times; exact decimal strings in, readable text out,
// in the page's language (`locale`, English by default). Decimals are grouped by hand so they stay
// exact; the separators, compact volumes and clock times come from Intl for the locale (Korean groups
// digits as English does, and both show a 24-hour clock here).
import { intlLocale, type AppLocale } from '../../i18n/locales.ts';

const separators = new Map<AppLocale, { group: string; decimal: string }>();

/** The locale's thousands and decimal separators, from Intl. */
function separatorsOf(locale: AppLocale): { group: string; decimal: string } {
  let found = separators.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(intlLocale(locale)).formatToParts(11111.1);
    found = { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
    separators.set(locale, found);
  }
  return found;
}

/** Inserts thousands separators into a plain decimal string ("65012.3" → "65,012.3"). */
export function groupThousands(decimal: string, locale: AppLocale = 'en'): string {
  const { group, decimal: point } = separatorsOf(locale);
  const negative = decimal.startsWith('-');
  const body = negative ? decimal.slice(1) : decimal;
  const dot = body.indexOf('.');
  const int = dot === -1 ? body : body.slice(0, dot);
  const fraction = dot === -1 ? '' : `${point}${body.slice(dot + 1)}`;
  return `${negative ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, group)}${fraction}`;
}

/** A signed percentage with two decimals: "+1.23%", "-0.50%". */
export function formatPct(value: string | number, locale: AppLocale = 'en'): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return '—';
  return `${n >= 0 ? '+' : ''}${groupThousands(n.toFixed(2), locale)}%`;
}

/** A money amount in USD with two decimals and separators: "12,345.68". */
export function formatUsd(value: string | number, locale: AppLocale = 'en'): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return '—';
  return `${n < 0 ? '-' : ''}${groupThousands(Math.abs(n).toFixed(2), locale)}`;
}

/** A compact size: up to `maxDecimals` decimals, trailing zeros removed ("0.41200000" → "0.412"). */
export function trimSize(size: string, maxDecimals = 4, locale: AppLocale = 'en'): string {
  const n = Number(size);
  if (!Number.isFinite(n)) return size;
  if (n !== 0 && n < 10 ** -maxDecimals) return n.toExponential(1);
  return groupThousands(n.toFixed(maxDecimals).replace(/\.?0+$/, ''), locale);
}

const compact = new Map<AppLocale, Intl.NumberFormat>();

/** A volume like 1.23K, 3.46M in English; 1,234.00, 345.68만, 1.2억 in Korean (its units are 10⁴ apart). */
export function formatVolume(value: number, locale: AppLocale = 'en'): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const from = locale === 'ko' ? 1e4 : 1e3;
  if (abs < from) return abs >= 1 ? groupThousands(value.toFixed(2), locale) : value.toPrecision(3);
  let formatter = compact.get(locale);
  if (!formatter) {
    formatter = new Intl.NumberFormat(intlLocale(locale), { notation: 'compact', minimumFractionDigits: locale === 'ko' ? 0 : 2, maximumFractionDigits: 2 });
    compact.set(locale, formatter);
  }
  return formatter.format(value);
}

const clocks = new Map<AppLocale, Intl.DateTimeFormat>();

/** HH:MM:SS (24-hour) in the viewer's time zone. */
export function formatClock(ts: number, locale: AppLocale = 'en'): string {
  let clock = clocks.get(locale);
  if (!clock) {
    clock = new Intl.DateTimeFormat(intlLocale(locale), { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    clocks.set(locale, clock);
  }
  return clock.format(new Date(ts));
}
