// Display formatting for prices, sizes, money and times; exact decimal strings in, readable text out.

/** Inserts thousands separators into a plain decimal string ("65012.3" → "65,012.3"). */
export function groupThousands(decimal: string): string {
  const negative = decimal.startsWith('-');
  const body = negative ? decimal.slice(1) : decimal;
  const dot = body.indexOf('.');
  const int = dot === -1 ? body : body.slice(0, dot);
  const fraction = dot === -1 ? '' : body.slice(dot);
  return `${negative ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction}`;
}

/** A signed percentage with two decimals: "+1.23%", "-0.50%". */
export function formatPct(value: string | number): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return '—';
  return `${n >= 0 ? '+' : ''}${n.toFixed(2)}%`;
}

/** A money amount in USD with two decimals and separators: "12,345.68". */
export function formatUsd(value: string | number): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return '—';
  return `${n < 0 ? '-' : ''}${groupThousands(Math.abs(n).toFixed(2))}`;
}

/** A compact size: up to `maxDecimals` decimals, trailing zeros removed ("0.41200000" → "0.412"). */
export function trimSize(size: string, maxDecimals = 4): string {
  const n = Number(size);
  if (!Number.isFinite(n)) return size;
  if (n !== 0 && n < 10 ** -maxDecimals) return n.toExponential(1);
  return groupThousands(n.toFixed(maxDecimals).replace(/\.?0+$/, ''));
}

/** A volume like 1.2K, 3.4M. */
export function formatVolume(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(2)}K`;
  return abs >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

/** HH:MM:SS in the viewer's time zone. */
export function formatClock(ts: number): string {
  const d = new Date(ts);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
