'use client';
// The order ticket's side of the shortcuts: B/S pick the side (as the Buy/Sell switch does) and move
// focus to the quantity; Ctrl+Enter sends the form through its own submit handler.
import { useEffect, type RefObject } from 'react';
import { useTraderCommand, useTraderCommands } from './trader-commands.tsx';

export function useTicketHotkeys(formRef: RefObject<HTMLFormElement | null>, onSide: (side: 'buy' | 'sell') => void, quantityFieldId = 'order-quantity'): void {
  const commands = useTraderCommands();
  useTraderCommand('ticket.side', ({ side }) => {
    onSide(side);
    const field = formRef.current?.querySelector<HTMLInputElement>(`#${quantityFieldId}`);
    field?.focus();
    field?.select();
  });
  useTraderCommand('ticket.submit', () => formRef.current?.requestSubmit());
  useEffect(() => {
    const form = formRef.current;
    if (commands && form) return commands.ticket.attach(form);
  }, [commands, formRef]);
}
