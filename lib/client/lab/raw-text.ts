// Raw protocol text made readable on the page without hiding what it is: control characters shown the
// way the specs print them, long bodies cut with an ellipsis.

/** How many characters of a body the lab shows. */
export const SHOWN_BODY_CHARS = 200;

/** NUL as `^@` (the STOMP spec's notation) and Engine.IO's record separator (0x1E) as `^^`. */
export function visibleControls(text: string): string {
  return text.replaceAll('\0', '^@').replaceAll('\x1e', '^^');
}

/** The text cut to `max` characters, an ellipsis marking the cut. */
export function truncate(text: string, max = SHOWN_BODY_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
