// Exact signed arithmetic on decimal strings through bigint (subtract, multiply, percent change), for
// figures that can go negative, such as a 24h change. Off the hot path; never through floats.

/** A decimal as an integer of 10^-scale units. */
export interface Scaled {
  units: bigint;
  scale: number;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Parses "-12.50" into { units: -1250n, scale: 2 }; throws on anything that is not a plain decimal. */
export function parseScaled(text: string): Scaled {
  if (!DECIMAL.test(text)) throw new RangeError(`not a decimal string: ${JSON.stringify(text)}`);
  const dot = text.indexOf('.');
  if (dot === -1) return { units: BigInt(text), scale: 0 };
  return { units: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

/** Formats scaled units back to a decimal string with exactly `scale` decimals. */
export function formatScaled({ units, scale }: Scaled): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${body}` : body;
}

function atScale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** a − b, at the larger of their precisions. */
export function subtractDecimal(a: string, b: string): string {
  const x = parseScaled(a);
  const y = parseScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return formatScaled({ units: atScale(x, scale) - atScale(y, scale), scale });
}

/** a × b exactly (its precision is the sum of theirs). */
export function multiplyDecimal(a: string, b: string): string {
  const x = parseScaled(a);
  const y = parseScaled(b);
  return formatScaled({ units: x.units * y.units, scale: x.scale + y.scale });
}

/** (to − from) / from in percent with two decimals, rounded half away from zero; "0.00" when from is 0. */
export function percentChange(from: string, to: string): string {
  const x = parseScaled(from);
  const y = parseScaled(to);
  const scale = Math.max(x.scale, y.scale);
  const base = atScale(x, scale);
  if (base === 0n) return '0.00';
  const numerator = (atScale(y, scale) - base) * 10_000n; // percent × 100
  const negative = numerator < 0n !== base < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = base < 0n ? -base : base;
  const rounded = (2n * n + d) / (2n * d);
  return formatScaled({ units: negative ? -rounded : rounded, scale: 2 });
}
