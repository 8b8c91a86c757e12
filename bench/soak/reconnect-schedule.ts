// When clients reconnect and which ones: every `everyS`, a quarter of a period in (so the first minute,
// part of the baseline, holds a reconnect like every later one, and a round does not start as a
// 30 s window closes), a `fraction` of the clients taken in turn, so that every client has reconnected
// once before any does twice.

/** Seconds from the start at which a round of reconnects begins, before `durationS`. */
export function reconnectTimesS(durationS: number, everyS: number): number[] {
  const times: number[] = [];
  for (let t = everyS / 4; t < durationS; t += everyS) times.push(t);
  return times;
}

/** The clients of round `round` (0-based) out of `count`: the next `fraction` of them, wrapping around. */
export function reconnectRound(round: number, count: number, fraction: number): number[] {
  if (count <= 0 || fraction <= 0) return [];
  const size = Math.min(count, Math.max(1, Math.round(count * fraction)));
  const start = (round * size) % count;
  return Array.from({ length: size }, (_, i) => (start + i) % count);
}
