'use client';
// The trader view's keyboard shortcuts: one keydown listener decides (lib/client/hotkeys.ts) and hands
// each action to whoever owns it: the order ticket, the chart and the picker over the command bus,
// cancel-all through the same sender as the open-orders button, the help overlay here.
import { useTranslations } from 'next-intl';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { sendCancelAll } from '@/lib/client/cancel-all.ts';
import { CommandBus } from '@/lib/client/command-bus.ts';
import { decideHotkey, type HotkeyAction } from '@/lib/client/hotkeys.ts';
import { useOrders } from '@/components/account/use-account.ts';
import { useMarketSession } from '@/components/market-data/market-session-context.tsx';
import { focusPlaceOf, keyPressOf } from './dom-keys.ts';
import { HotkeysDialog } from './hotkeys-dialog.tsx';
import { HotkeysNotice, useNotice } from './hotkeys-notice.tsx';
import { TicketSlot, TraderCommandsProvider, type TraderCommand, type TraderCommands } from './trader-commands.tsx';
import { setHotkeysEnabled, useHotkeysEnabled } from './use-hotkeys-enabled.ts';

interface HotkeysUi {
  isEnabled: boolean;
  isHelpOpen: boolean;
  openHelp: () => void;
}

const UiContext = createContext<HotkeysUi | null>(null);

/** The shortcuts' state for the header button; null outside the provider. */
export function useHotkeysUi(): HotkeysUi | null {
  return useContext(UiContext);
}

export function HotkeysProvider({ symbol, children }: { symbol: string; children: ReactNode }) {
  const t = useTranslations('hotkeys');
  const tChart = useTranslations('chart');
  const [commands] = useState<TraderCommands>(() => ({ bus: new CommandBus<TraderCommand>(), ticket: new TicketSlot() }));
  const [isHelpOpen, setHelpOpen] = useState(false);
  const isEnabled = useHotkeysEnabled();
  const session = useMarketSession();
  const openOrders = useOrders().data?.open;
  const { text: noticeText, show: showNotice } = useNotice();

  useEffect(() => {
    const cancelAllHere = (): void => {
      const mine = (openOrders ?? []).filter((order) => order.symbol === symbol);
      if (mine.length === 0) return showNotice(t('noOpenOrders', { symbol }));
      const sent = sendCancelAll(session, mine.map((order) => order.symbol));
      showNotice(sent.length > 0 ? t('cancelling', { count: mine.length, symbol }) : t('notConnected'));
    };
    const run = (action: HotkeyAction): void => {
      switch (action.type) {
        case 'help.toggle':
          return setHelpOpen((isOpen) => !isOpen);
        case 'help.close':
          return setHelpOpen(false);
        case 'orders.cancelAll':
          return cancelAllHere();
        case 'chart.timeframe':
          if (commands.bus.emit(action) > 0) showNotice(t('timeframe', { timeframe: tChart(`timeframe.${action.timeframe}`) }));
          return;
        default:
          commands.bus.emit(action);
      }
    };
    const onKeyDown = (event: KeyboardEvent): void => {
      const focus = focusPlaceOf(event.target, commands.ticket.current);
      const decision = decideHotkey(keyPressOf(event), focus, { isEnabled, isOverlayOpen: isHelpOpen });
      if (decision.kind === 'ignore') return;
      event.preventDefault();
      if (decision.kind === 'blur') {
        if (event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      run(decision.binding.action);
    };
    // Bubble phase: a component that handles a key itself (the picker's Escape) calls preventDefault first.
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [commands, isEnabled, isHelpOpen, openOrders, session, symbol, showNotice, t, tChart]);

  const toggleEnabled = (): void => {
    setHotkeysEnabled(!isEnabled);
    showNotice(t('toggled', { state: isEnabled ? 'off' : 'on' }));
  };

  return (
    <UiContext.Provider value={{ isEnabled, isHelpOpen, openHelp: () => setHelpOpen(true) }}>
      <TraderCommandsProvider commands={commands}>
        {children}
        <HotkeysDialog isOpen={isHelpOpen} isEnabled={isEnabled} onToggleEnabled={toggleEnabled} onClose={() => setHelpOpen(false)} />
        <HotkeysNotice text={noticeText} />
      </TraderCommandsProvider>
    </UiContext.Provider>
  );
}
