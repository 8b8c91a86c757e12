// The chart's time labels in the viewer's time zone and language (lightweight-charts formats UTC by
// default): "Nov 26, 14:05:00" in English, "11월 26일 14:05:00" in Korean; 24-hour clocks in both.
import { TickMarkType, type Time } from 'lightweight-charts';
import { intlLocale, type AppLocale } from '@/i18n/locales.ts';

type Part = 'year' | 'month' | 'day' | 'time' | 'seconds' | 'bar';
const OPTIONS: Record<Part, Intl.DateTimeFormatOptions> = {
  year: { year: 'numeric' },
  month: { month: 'short' },
  day: { month: 'short', day: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  seconds: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  bar: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
};
const formats = new Map<string, Intl.DateTimeFormat>();

/** A time as one of the chart's label kinds; the formats are built once per language. */
function format(part: Part, date: Date, locale: AppLocale): string {
  const key = `${locale}:${part}`;
  let formatter = formats.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(intlLocale(locale), OPTIONS[part]);
    formats.set(key, formatter);
  }
  return formatter.format(date);
}

function dateOf(time: Time): Date | null {
  return typeof time === 'number' ? new Date(time * 1000) : null;
}

/** Axis tick labels: the year, month or day at their boundaries, else the time of day. */
export function localTickMark(time: Time, type: TickMarkType, locale: AppLocale): string | null {
  const d = dateOf(time);
  if (!d) return null;
  switch (type) {
    case TickMarkType.Year:
      return format('year', d, locale);
    case TickMarkType.Month:
      return format('month', d, locale);
    case TickMarkType.DayOfMonth:
      return format('day', d, locale);
    case TickMarkType.Time:
      return format('time', d, locale);
    case TickMarkType.TimeWithSeconds:
      return format('seconds', d, locale);
  }
}

/** The crosshair's time label. */
export function localDateTime(time: Time, locale: AppLocale): string {
  return typeof time === 'number' ? formatBarTime(time, locale) : String(time);
}

/** A bar's time (UTC seconds) in local time: "Nov 26, 14:05:00". */
export function formatBarTime(seconds: number, locale: AppLocale): string {
  return format('bar', new Date(seconds * 1000), locale);
}
