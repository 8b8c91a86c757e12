'use client';
// The bus the keyboard shortcuts speak on, for the components that own what a shortcut changes (the
// order ticket, the chart's timeframe, the instrument picker). Outside the trader view's provider the
// hooks do nothing, so these components still work on their own.
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { CommandBus } from '@/lib/client/command-bus.ts';
import type { HotkeyAction } from '@/lib/client/hotkeys.ts';

/** The shortcuts' actions that a component carries out (help and cancel-all are the provider's own). */
export type TraderCommand = Extract<HotkeyAction, { type: 'ticket.side' | 'ticket.submit' | 'chart.timeframe' | 'instrument.step' | 'instrument.search' }>;

/** The order ticket's form, so the key handler knows a field is the ticket's (Ctrl+Enter sends from there). */
export class TicketSlot {
  private form: HTMLFormElement | null = null;

  /** Holds `form` until the returned function is called. */
  attach(form: HTMLFormElement): () => void {
    this.form = form;
    return () => {
      if (this.form === form) this.form = null;
    };
  }

  get current(): HTMLFormElement | null {
    return this.form;
  }
}

export interface TraderCommands {
  bus: CommandBus<TraderCommand>;
  ticket: TicketSlot;
}

const CommandsContext = createContext<TraderCommands | null>(null);

export function TraderCommandsProvider({ commands, children }: { commands: TraderCommands; children: ReactNode }) {
  return <CommandsContext.Provider value={commands}>{children}</CommandsContext.Provider>;
}

export function useTraderCommands(): TraderCommands | null {
  return useContext(CommandsContext);
}

/** Calls `handler` (its latest version) for each command of this type while the component is mounted. */
export function useTraderCommand<T extends TraderCommand['type']>(type: T, handler: (command: Extract<TraderCommand, { type: T }>) => void): void {
  const commands = useTraderCommands();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => commands?.bus.on(type, (command) => latest.current(command)), [commands, type]);
}
