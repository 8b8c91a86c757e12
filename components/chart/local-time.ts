// The chart's time labels in the viewer's time zone (lightweight-charts formats UTC by default).
import { TickMarkType, type Time } from 'lightweight-charts';

const pad = (n: number): string => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dateOf(time: Time): Date | null {
  return typeof time === 'number' ? new Date(time * 1000) : null;
}

/** Axis tick labels: the year, month or day at their boundaries, else the time of day. */
export function localTickMark(time: Time, type: TickMarkType): string | null {
  const d = dateOf(time);
  if (!d) return null;
  switch (type) {
    case TickMarkType.Year:
      return String(d.getFullYear());
    case TickMarkType.Month:
      return MONTHS[d.getMonth()] ?? null;
    case TickMarkType.DayOfMonth:
      return `${d.getDate()} ${MONTHS[d.getMonth()] ?? ''}`;
    case TickMarkType.Time:
      return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    case TickMarkType.TimeWithSeconds:
      return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
}

/** The crosshair's time label: "26 Nov 14:05:00". */
export function localDateTime(time: Time): string {
  return typeof time === 'number' ? formatBarTime(time) : String(time);
}

/** A bar's time (UTC seconds) in local time: "26 Nov 14:05:00". */
export function formatBarTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${d.getDate()} ${MONTHS[d.getMonth()] ?? ''} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
