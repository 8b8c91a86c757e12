// The trader view's keyboard shortcuts: one list of bindings that both the key handler and the help
// overlay read (so they cannot drift), and the decision whether a key press fires one. Pure: the
// caller describes the key press and where focus is; nothing here touches the DOM.
import { TIMEFRAME_VALUES, type Timeframe } from '../protocol/messages.ts';
import { uiText, type UiText } from './ui-text.ts';

/** What a shortcut asks the page to do. */
export type HotkeyAction =
  | { type: 'ticket.side'; side: 'buy' | 'sell' }
  | { type: 'ticket.submit' }
  | { type: 'orders.cancelAll' }
  | { type: 'chart.timeframe'; timeframe: Timeframe }
  | { type: 'instrument.step'; step: 1 | -1 }
  | { type: 'instrument.search' }
  | { type: 'help.toggle' }
  | { type: 'help.close' };

/**
 * One key combination. A letter matches either case and must match `shift` exactly; another single
 * character (`?`, `[`, `1`) matches whatever Shift the keyboard layout needs to type it; a named key
 * (`Enter`, `Escape`) must match `shift`. `mod` is Ctrl, or ⌘ on a Mac.
 */
export interface KeyChord {
  key: string;
  shift?: boolean;
  mod?: boolean;
}

/** The help's sections (messages: hotkeys.group). */
export type HotkeyGroup = 'ticket' | 'chart' | 'instrument' | 'help';

export interface HotkeyBinding {
  /** Stable and unique: the overlay's row key and the tests' handle. */
  id: string;
  chord: KeyChord;
  action: HotkeyAction;
  group: HotkeyGroup;
  /** What it does, in the page's words. */
  label: UiText;
  /** Also fires while typing in the order ticket's own fields (a combination that types nothing there). */
  firesInTicketFields?: boolean;
  /** Still fires while shortcuts are turned off, so the help (and its on/off switch) stays reachable. */
  firesWhenOff?: boolean;
  /** Fires only while the help overlay is open; every other binding waits until it is closed. */
  onlyInOverlay?: boolean;
  /** Also fires while the help overlay is open. */
  firesInOverlay?: boolean;
}

const TIMEFRAME_KEYS = ['1', '2', '3', '4', '5', '6'] as const;

export const HOTKEYS: readonly HotkeyBinding[] = [
  { id: 'buy', chord: { key: 'b' }, action: { type: 'ticket.side', side: 'buy' }, group: 'ticket', label: uiText('hotkeys.binding.buy') },
  { id: 'sell', chord: { key: 's' }, action: { type: 'ticket.side', side: 'sell' }, group: 'ticket', label: uiText('hotkeys.binding.sell') },
  { id: 'submit', chord: { key: 'Enter', mod: true }, action: { type: 'ticket.submit' }, group: 'ticket', label: uiText('hotkeys.binding.submit'), firesInTicketFields: true },
  { id: 'cancel-all', chord: { key: 'c', shift: true }, action: { type: 'orders.cancelAll' }, group: 'ticket', label: uiText('hotkeys.binding.cancelAll') },
  ...TIMEFRAME_VALUES.map((timeframe, i): HotkeyBinding => ({
    id: `timeframe-${timeframe}`,
    chord: { key: TIMEFRAME_KEYS[i] ?? String(i + 1) },
    action: { type: 'chart.timeframe', timeframe },
    group: 'chart',
    label: uiText('hotkeys.binding.timeframe', { timeframe: uiText(`chart.timeframe.${timeframe}`) }),
  })),
  { id: 'previous-instrument', chord: { key: '[' }, action: { type: 'instrument.step', step: -1 }, group: 'instrument', label: uiText('hotkeys.binding.previousInstrument') },
  { id: 'next-instrument', chord: { key: ']' }, action: { type: 'instrument.step', step: 1 }, group: 'instrument', label: uiText('hotkeys.binding.nextInstrument') },
  { id: 'search-instrument', chord: { key: '/' }, action: { type: 'instrument.search' }, group: 'instrument', label: uiText('hotkeys.binding.searchInstrument') },
  { id: 'help', chord: { key: '?' }, action: { type: 'help.toggle' }, group: 'help', label: uiText('hotkeys.binding.help'), firesWhenOff: true, firesInOverlay: true },
  { id: 'close-help', chord: { key: 'Escape' }, action: { type: 'help.close' }, group: 'help', label: uiText('hotkeys.binding.closeHelp'), onlyInOverlay: true },
];

/** The groups in the order the overlay shows them. */
export const HOTKEY_GROUPS: readonly HotkeyGroup[] = ['ticket', 'chart', 'instrument', 'help'];

/** The parts of a KeyboardEvent the decision reads. */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** AltGr held (`getModifierState('AltGraph')`): on Windows it also reports Ctrl and Alt. */
  altGraph?: boolean;
  repeat: boolean;
  isComposing: boolean;
  /** A component already handled the key (the picker's Escape, a field's arrow keys). */
  defaultPrevented: boolean;
}

/** Where focus is: on the page (nothing that takes text), in a text field, or in one of the ticket's. */
export type FocusPlace = 'page' | 'field' | 'ticket-field';

export interface HotkeyState {
  isEnabled: boolean;
  isOverlayOpen: boolean;
}

export type HotkeyDecision = { kind: 'fire'; binding: HotkeyBinding } | { kind: 'blur' } | { kind: 'ignore' };

const IGNORE: HotkeyDecision = { kind: 'ignore' };
const LETTER = /^[a-z]$/i;

/** Whether a key press is this chord. Alt (not AltGr) never matches: its combinations belong to the browser and the OS. */
export function matchesChord(press: KeyPress, chord: KeyChord): boolean {
  const isAltGraph = press.altGraph === true;
  const isMod = !isAltGraph && (press.ctrlKey || press.metaKey);
  if (press.altKey && !isAltGraph) return false;
  if (isMod !== (chord.mod === true)) return false;
  if (LETTER.test(chord.key)) return press.key.toLowerCase() === chord.key.toLowerCase() && press.shiftKey === (chord.shift === true);
  if (chord.key.length === 1) return press.key === chord.key;
  return press.key === chord.key && press.shiftKey === (chord.shift === true);
}

/** The binding a key press names, if any (whether it may fire is `decideHotkey`'s question). */
export function findBinding(press: KeyPress, bindings: readonly HotkeyBinding[] = HOTKEYS): HotkeyBinding | undefined {
  return bindings.find((binding) => matchesChord(press, binding.chord));
}

/**
 * Whether a key press fires a shortcut. Never while an input method composes, for a key a component
 * already handled, for auto-repeat, or for a key the user is typing into a field; Escape in a field
 * leaves it (`blur`) so the next key is a shortcut again. While the overlay is open only its own keys
 * work; while shortcuts are off only the help does.
 */
export function decideHotkey(press: KeyPress, focus: FocusPlace, state: HotkeyState, bindings: readonly HotkeyBinding[] = HOTKEYS): HotkeyDecision {
  if (press.isComposing || press.defaultPrevented || press.repeat) return IGNORE;
  const binding = findBinding(press, bindings);
  if (state.isOverlayOpen) return binding && (binding.onlyInOverlay || binding.firesInOverlay) ? { kind: 'fire', binding } : IGNORE;
  if (focus !== 'page') {
    if (binding?.firesInTicketFields && focus === 'ticket-field' && state.isEnabled) return { kind: 'fire', binding };
    const isPlainEscape = press.key === 'Escape' && !press.shiftKey && !press.ctrlKey && !press.metaKey && !press.altKey;
    return isPlainEscape && state.isEnabled ? { kind: 'blur' } : IGNORE;
  }
  if (!binding || binding.onlyInOverlay) return IGNORE;
  if (!state.isEnabled && !binding.firesWhenOff) return IGNORE;
  return { kind: 'fire', binding };
}

/** What an element is, for `isTextEntry`. */
export interface ElementTraits {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
}

// Inputs that take no typed text: a letter or digit pressed on them is not typing.
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

/** Whether keys pressed on this element are typed into it: text inputs, textareas, selects (type-ahead) and editable content. */
export function isTextEntry(element: ElementTraits | null | undefined): boolean {
  if (!element) return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NON_TEXT_INPUTS.has((element.type ?? 'text').toLowerCase());
}

/** A chord as the keys to show, e.g. ['Shift', 'C'] or ['Ctrl', 'Enter']; `isMac` names ⌘ for `mod`. */
export function chordKeys(chord: KeyChord, isMac = false): string[] {
  const keys: string[] = [];
  if (chord.mod) keys.push(isMac ? '⌘' : 'Ctrl');
  if (chord.shift) keys.push('Shift');
  keys.push(chord.key === 'Escape' ? 'Esc' : LETTER.test(chord.key) && chord.shift ? chord.key.toUpperCase() : chord.key);
  return keys;
}

/** The bindings in one group, in list order. */
export function bindingsIn(group: HotkeyGroup, bindings: readonly HotkeyBinding[] = HOTKEYS): HotkeyBinding[] {
  return bindings.filter((binding) => binding.group === group);
}

/** The symbol `step` places after `symbol` in `symbols`, wrapping at both ends; the first for an unknown one. */
export function adjacentSymbol(symbols: readonly string[], symbol: string, step: 1 | -1): string | undefined {
  if (symbols.length === 0) return undefined;
  const index = symbols.indexOf(symbol);
  if (index === -1) return symbols[0];
  return symbols[(index + step + symbols.length) % symbols.length];
}

/** The stored on/off setting: anything but 'off' (nothing stored, an old value) means on. */
export function parseEnabled(stored: string | null): boolean {
  return stored !== 'off';
}

export const HOTKEYS_STORAGE_KEY = 'tw-hotkeys';
