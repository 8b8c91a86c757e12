// The first STOMP frames this page exchanged, kept as text for the lab's "on the wire" panel: the
// CONNECT it sent, the CONNECTED it got and its first MESSAGE. Written by the transport, read by the
// page on its render tick.
import { truncate, visibleControls } from './raw-text.ts';

/** The frames worth showing, each as it went over the wire (body cut, NUL as `^@`). */
export interface StompRaw {
  connect: string | undefined;
  connected: string | undefined;
  message: string | undefined;
}

export function createStompRaw(): StompRaw {
  return { connect: undefined, connected: undefined, message: undefined };
}

/**
 * The frames in one WebSocket message, each with its NUL; the EOLs between frames (heart-beats) are
 * dropped. A frame cut by the end of the message is kept as far as it goes.
 */
export function stompFrames(chunk: string): string[] {
  const frames: string[] = [];
  for (const piece of chunk.split(/(?<=\0)/)) {
    const frame = piece.replace(/^(\r?\n)+/, '');
    if (frame !== '') frames.push(frame);
  }
  return frames;
}

/** One frame for the page: command and headers as they were, the body cut to a few hundred characters. */
export function showStompFrame(frame: string): string {
  const hasNul = frame.endsWith('\0');
  const text = hasNul ? frame.slice(0, -1) : frame;
  const split = text.indexOf('\n\n');
  const shown = split === -1 ? text : `${text.slice(0, split + 2)}${truncate(text.slice(split + 2))}`;
  return visibleControls(`${shown}${hasNul ? '\0' : ''}`);
}

function commandOf(frame: string): string {
  return frame.slice(0, frame.search(/\r?\n|\0|$/));
}

/** Keeps the first CONNECT (or STOMP) frame the page sent. */
export function recordStompSent(raw: StompRaw, chunk: string): void {
  for (const frame of stompFrames(chunk)) {
    const command = commandOf(frame);
    if (raw.connect === undefined && (command === 'CONNECT' || command === 'STOMP')) raw.connect = showStompFrame(frame);
  }
}

/** Keeps the first CONNECTED and the first MESSAGE the page received. */
export function recordStompReceived(raw: StompRaw, chunk: string): void {
  if (raw.connected !== undefined && raw.message !== undefined) return;
  for (const frame of stompFrames(chunk)) {
    const command = commandOf(frame);
    if (raw.connected === undefined && command === 'CONNECTED') raw.connected = showStompFrame(frame);
    if (raw.message === undefined && command === 'MESSAGE') raw.message = showStompFrame(frame);
  }
}
