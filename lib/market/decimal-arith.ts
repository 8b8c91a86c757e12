// Exact comparison and addition of non-negative decimal strings of any precision (used off the hot path).

interface Scaled {
  digits: bigint;
  scale: number;
}

const DECIMAL = /^\d+(\.\d+)?$/;

function parse(text: string): Scaled {
  if (!DECIMAL.test(text)) throw new RangeError(`not a non-negative decimal string: ${JSON.stringify(text)}`);
  const dot = text.indexOf('.');
  if (dot === -1) return { digits: BigInt(text), scale: 0 };
  return { digits: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.digits * 10n ** BigInt(scale - value.scale);
}

function format(digits: bigint, scale: number): string {
  const text = digits.toString().padStart(scale + 1, '0');
  return scale === 0 ? text : `${text.slice(0, text.length - scale)}.${text.slice(text.length - scale)}`;
}

/** Compares two decimal strings by value: negative, zero or positive like a sort comparator. */
export function compareDecimal(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  const diff = rescale(x, scale) - rescale(y, scale);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** Adds two decimal strings exactly, keeping the larger of their two precisions. */
export function addDecimal(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  return format(rescale(x, scale) + rescale(y, scale), scale);
}
