// Rewrites the generated parts of a Markdown doc: the text between `<!-- capture:NAME -->` and
// `<!-- /capture:NAME -->` is replaced, everything else is left byte for byte as it was. A marker
// that is missing, doubled or out of order is an error that names it, never a silent skip. Pure.

export class CaptureMarkerError extends Error {
  override readonly name = 'CaptureMarkerError';
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const ANY_START_MARKER = /<!-- capture:([a-z0-9][a-z0-9-]*) -->/g;

const startMarker = (name: string): string => `<!-- capture:${name} -->`;
const endMarker = (name: string): string => `<!-- /capture:${name} -->`;

/** The names of every capture section a doc holds, in order. */
export function captureNames(doc: string): string[] {
  return [...doc.matchAll(ANY_START_MARKER)].map((m) => m[1] ?? '');
}

/** `doc` with the text between NAME's markers replaced by `content` (on lines of its own). */
export function replaceCapture(doc: string, name: string, content: string): string {
  if (!NAME.test(name)) throw new CaptureMarkerError(`"${name}" is not a capture name (lowercase letters, digits and dashes)`);
  const start = startMarker(name);
  const end = endMarker(name);
  const startAt = doc.indexOf(start);
  const endAt = doc.indexOf(end);
  if (startAt < 0) throw new CaptureMarkerError(`the doc has no ${start} marker`);
  if (endAt < 0) throw new CaptureMarkerError(`the doc has ${start} but no ${end} marker`);
  if (doc.indexOf(start, startAt + 1) >= 0) throw new CaptureMarkerError(`the doc has ${start} more than once`);
  if (doc.indexOf(end, endAt + 1) >= 0) throw new CaptureMarkerError(`the doc has ${end} more than once`);
  if (endAt < startAt) throw new CaptureMarkerError(`the doc has ${end} before ${start}`);
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `${doc.slice(0, startAt + start.length)}\n${body}${doc.slice(endAt)}`;
}

/**
 * Every capture replaced at once. The doc's capture sections and the captures must be the same set:
 * a section with no capture would keep a stale one, a capture with no section would be lost.
 */
export function replaceCaptures(doc: string, captures: ReadonlyMap<string, string>): string {
  const inDoc = captureNames(doc);
  const notCaptured = inDoc.filter((name) => !captures.has(name));
  if (notCaptured.length > 0) throw new CaptureMarkerError(`the doc has capture sections nothing captured: ${notCaptured.join(', ')}`);
  let out = doc;
  for (const [name, content] of captures) out = replaceCapture(out, name, content);
  return out;
}

/** `text` in a fenced code block whose fence is longer than any run of backticks inside it. */
export function fenced(text: string, info = ''): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${info}\n${text.replace(/\n+$/, '')}\n${fence}\n`;
}
