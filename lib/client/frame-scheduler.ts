// Runs callbacks at the next animation frame, once per frame however often they are asked for:
// a book that changes 200 times a second is drawn at most 60 times.

/** Schedules a callback for the next frame. */
export type RequestFrame = (callback: () => void) => void;

/** requestAnimationFrame in a browser; a 16 ms timer elsewhere (tests, workers). */
export const requestFrame: RequestFrame = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};
