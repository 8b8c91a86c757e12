// Reads a browser KeyboardEvent into the shapes lib/client/hotkeys.ts decides on.
import { isTextEntry, type FocusPlace, type KeyPress } from '@/lib/client/hotkeys.ts';

export function keyPressOf(event: KeyboardEvent): KeyPress {
  return {
    key: event.key,
    shiftKey: event.shiftKey,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    altGraph: event.getModifierState?.('AltGraph') === true,
    repeat: event.repeat,
    isComposing: event.isComposing,
    defaultPrevented: event.defaultPrevented,
  };
}

/** Where the key was pressed: in a text field (the ticket's own, or another), or elsewhere on the page. */
export function focusPlaceOf(target: EventTarget | null, ticket: HTMLElement | null): FocusPlace {
  if (!(target instanceof HTMLElement)) return 'page';
  const traits = { tagName: target.tagName, type: target instanceof HTMLInputElement ? target.type : undefined, isContentEditable: target.isContentEditable };
  if (!isTextEntry(traits)) return 'page';
  return ticket?.contains(target) ? 'ticket-field' : 'field';
}
