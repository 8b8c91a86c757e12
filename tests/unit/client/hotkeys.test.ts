import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendCancelAll } from '../../../lib/client/cancel-all.ts';
import { CommandBus } from '../../../lib/client/command-bus.ts';
import {
  adjacentSymbol,
  bindingsIn,
  chordKeys,
  decideHotkey,
  findBinding,
  HOTKEY_GROUPS,
  HOTKEYS,
  isTextEntry,
  parseEnabled,
  type FocusPlace,
  type HotkeyState,
  type KeyPress,
} from '../../../lib/client/hotkeys.ts';
import { TIMEFRAME_VALUES } from '../../../lib/protocol/messages.ts';

const ON: HotkeyState = { isEnabled: true, isOverlayOpen: false };
const OFF: HotkeyState = { isEnabled: false, isOverlayOpen: false };
const OVERLAY: HotkeyState = { isEnabled: true, isOverlayOpen: true };

function press(key: string, mods: Partial<KeyPress> = {}): KeyPress {
  return { key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, repeat: false, isComposing: false, defaultPrevented: false, ...mods };
}

/** The id of the binding that fires, 'blur', or undefined. */
function fired(p: KeyPress, focus: FocusPlace = 'page', state: HotkeyState = ON): string | undefined {
  const decision = decideHotkey(p, focus, state);
  return decision.kind === 'fire' ? decision.binding.id : decision.kind === 'blur' ? 'blur' : undefined;
}

describe('hotkey map', () => {
  it('has unique ids, and each binding is the one its own chord finds (no two share a key)', () => {
    assert.equal(new Set(HOTKEYS.map((b) => b.id)).size, HOTKEYS.length);
    for (const binding of HOTKEYS) {
      const { key, shift, mod } = binding.chord;
      assert.equal(findBinding(press(key, { shiftKey: shift === true, ctrlKey: mod === true }))?.id, binding.id, binding.id);
    }
  });

  it('puts every binding in a shown group, in list order', () => {
    assert.deepEqual(HOTKEY_GROUPS.flatMap((g) => bindingsIn(g)), [...HOTKEYS]);
  });

  it('maps b and s to the ticket sides, either case, but not with Shift', () => {
    assert.deepEqual(findBinding(press('b'))?.action, { type: 'ticket.side', side: 'buy' });
    assert.deepEqual(findBinding(press('S'))?.action, { type: 'ticket.side', side: 'sell' }); // Caps Lock
    assert.equal(fired(press('B', { shiftKey: true })), undefined);
  });

  it('maps 1 to 6 to the chart timeframes in order', () => {
    const digits = ['1', '2', '3', '4', '5', '6'].map((d) => findBinding(press(d))?.action);
    assert.deepEqual(digits, TIMEFRAME_VALUES.map((timeframe) => ({ type: 'chart.timeframe', timeframe })));
    assert.equal(fired(press('7')), undefined);
    assert.equal(fired(press('0')), undefined);
  });

  it('cancels all with Shift+C only', () => {
    assert.equal(fired(press('C', { shiftKey: true })), 'cancel-all');
    assert.equal(fired(press('c')), undefined);
  });

  it('leaves the browser its combinations: Ctrl, ⌘ and Alt with a shortcut key never fire it', () => {
    for (const mods of [{ ctrlKey: true }, { metaKey: true }, { altKey: true }, { ctrlKey: true, shiftKey: true }]) {
      for (const key of ['c', 'b', 's', '1', '[', ']', '/', 'C']) assert.equal(fired(press(key, mods)), undefined, `${JSON.stringify(mods)} ${key}`);
    }
  });

  it('sends the order with Ctrl+Enter or ⌘+Enter, not with Enter alone or Shift+Enter', () => {
    assert.equal(fired(press('Enter', { ctrlKey: true })), 'submit');
    assert.equal(fired(press('Enter', { metaKey: true })), 'submit');
    assert.equal(fired(press('Enter')), undefined);
    assert.equal(fired(press('Enter', { shiftKey: true })), undefined);
    assert.equal(fired(press('Enter', { ctrlKey: true, altKey: true })), undefined);
  });

  it('takes ? and [ ] however the layout types them (Shift, AltGr)', () => {
    assert.equal(fired(press('?', { shiftKey: true })), 'help');
    assert.equal(fired(press('?')), 'help');
    assert.equal(fired(press('[', { ctrlKey: true, altKey: true, altGraph: true })), 'previous-instrument');
    assert.equal(fired(press(']')), 'next-instrument');
    assert.equal(fired(press('/')), 'search-instrument');
  });
});

describe('when a hotkey fires', () => {
  it('never fires while typing in a field: letters, digits, ? and brackets are typed', () => {
    for (const focus of ['field', 'ticket-field'] as const) {
      for (const p of [press('b'), press('s'), press('3'), press('?', { shiftKey: true }), press(']'), press('/'), press('C', { shiftKey: true })]) {
        assert.equal(fired(p, focus), undefined, `${focus} ${p.key}`);
      }
    }
  });

  it('Escape in a field leaves it, unless the field handled Escape itself', () => {
    assert.equal(fired(press('Escape'), 'field'), 'blur');
    assert.equal(fired(press('Escape'), 'ticket-field'), 'blur');
    assert.equal(fired(press('Escape', { defaultPrevented: true }), 'field'), undefined);
    assert.equal(fired(press('Escape', { shiftKey: true }), 'field'), undefined);
    assert.equal(fired(press('Escape'), 'page'), undefined);
  });

  it('Ctrl+Enter sends from the ticket\'s own fields, not from another field', () => {
    assert.equal(fired(press('Enter', { ctrlKey: true }), 'ticket-field'), 'submit');
    assert.equal(fired(press('Enter', { ctrlKey: true }), 'field'), undefined);
  });

  it('when off, only ? works (and Escape no longer leaves a field)', () => {
    assert.equal(fired(press('?'), 'page', OFF), 'help');
    for (const p of [press('b'), press('1'), press(']'), press('/'), press('C', { shiftKey: true }), press('Enter', { ctrlKey: true })]) assert.equal(fired(p, 'page', OFF), undefined, p.key);
    assert.equal(fired(press('Enter', { ctrlKey: true }), 'ticket-field', OFF), undefined);
    assert.equal(fired(press('Escape'), 'field', OFF), undefined);
  });

  it('while the help is open only ? and Escape work, on or off', () => {
    for (const state of [OVERLAY, { ...OVERLAY, isEnabled: false }]) {
      assert.equal(fired(press('?'), 'page', state), 'help');
      assert.equal(fired(press('Escape'), 'page', state), 'close-help');
      assert.equal(fired(press('b'), 'page', state), undefined);
      assert.equal(fired(press('C', { shiftKey: true }), 'page', state), undefined);
    }
  });

  it('ignores auto-repeat, input-method composition and keys a component already handled', () => {
    assert.equal(fired(press('b', { repeat: true })), undefined);
    assert.equal(fired(press('C', { shiftKey: true, repeat: true })), undefined);
    assert.equal(fired(press('b', { isComposing: true })), undefined);
    assert.equal(fired(press('b', { defaultPrevented: true })), undefined);
  });
});

describe('isTextEntry', () => {
  it('counts text inputs, textareas, selects and editable content as typing', () => {
    for (const type of [undefined, 'text', 'number', 'search', 'email', 'password', 'TEXT']) assert.equal(isTextEntry({ tagName: 'INPUT', type }), true, String(type));
    assert.equal(isTextEntry({ tagName: 'textarea' }), true);
    assert.equal(isTextEntry({ tagName: 'SELECT' }), true);
    assert.equal(isTextEntry({ tagName: 'DIV', isContentEditable: true }), true);
  });

  it('does not count buttons, radios, checkboxes or the page itself', () => {
    for (const type of ['radio', 'checkbox', 'button', 'submit', 'range']) assert.equal(isTextEntry({ tagName: 'INPUT', type }), false, type);
    for (const tagName of ['BUTTON', 'BODY', 'A', 'DIV']) assert.equal(isTextEntry({ tagName }), false, tagName);
    assert.equal(isTextEntry(null), false);
  });
});

describe('chordKeys', () => {
  it('names the keys to show, ⌘ for Ctrl on a Mac', () => {
    assert.deepEqual(chordKeys({ key: 'c', shift: true }), ['Shift', 'C']);
    assert.deepEqual(chordKeys({ key: 'b' }), ['b']);
    assert.deepEqual(chordKeys({ key: 'Enter', mod: true }), ['Ctrl', 'Enter']);
    assert.deepEqual(chordKeys({ key: 'Enter', mod: true }, true), ['⌘', 'Enter']);
    assert.deepEqual(chordKeys({ key: 'Escape' }), ['Esc']);
  });
});

describe('adjacentSymbol and parseEnabled', () => {
  const symbols = ['BTC-USD', 'ETH-USD', 'AAPL'];
  it('steps through the list and wraps at both ends', () => {
    assert.equal(adjacentSymbol(symbols, 'BTC-USD', 1), 'ETH-USD');
    assert.equal(adjacentSymbol(symbols, 'AAPL', 1), 'BTC-USD');
    assert.equal(adjacentSymbol(symbols, 'BTC-USD', -1), 'AAPL');
    assert.equal(adjacentSymbol(symbols, 'NOPE', 1), 'BTC-USD');
    assert.equal(adjacentSymbol([], 'BTC-USD', 1), undefined);
  });

  it('reads the stored switch: on unless it says off', () => {
    assert.equal(parseEnabled(null), true);
    assert.equal(parseEnabled('on'), true);
    assert.equal(parseEnabled('off'), false);
    assert.equal(parseEnabled('garbage'), true);
  });
});

describe('command bus and cancel-all', () => {
  it('delivers a command to the listeners of its type until they unsubscribe', () => {
    const bus = new CommandBus<{ type: 'a'; n: number } | { type: 'b' }>();
    const seen: number[] = [];
    const stop = bus.on('a', (command) => seen.push(command.n));
    assert.equal(bus.emit({ type: 'b' }), 0);
    assert.equal(bus.emit({ type: 'a', n: 1 }), 1);
    stop();
    assert.equal(bus.emit({ type: 'a', n: 2 }), 0);
    assert.deepEqual(seen, [1]);
  });

  it('sends one order.cancelAll per distinct symbol, and none while disconnected', () => {
    const sent: object[] = [];
    assert.deepEqual(sendCancelAll({ send: (r) => (sent.push(r), true) }, ['BTC-USD', 'ETH-USD', 'BTC-USD']), ['BTC-USD', 'ETH-USD']);
    assert.deepEqual(sent, [
      { op: 'order.cancelAll', id: 'cancel-all-BTC-USD', symbol: 'BTC-USD' },
      { op: 'order.cancelAll', id: 'cancel-all-ETH-USD', symbol: 'ETH-USD' },
    ]);
    assert.deepEqual(sendCancelAll({ send: () => false }, ['BTC-USD']), []);
  });
});
