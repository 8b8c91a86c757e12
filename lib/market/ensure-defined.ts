// Guards for values the type system cannot prove present, used instead of the non-null `!`.

/** Returns the value, or throws naming what was missing; for invariants, never for input validation. */
export function ensureDefined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`invariant broken: ${what} is undefined`);
  return value;
}
