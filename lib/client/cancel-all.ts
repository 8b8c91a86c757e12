// Cancel-all as the page sends it: one `order.cancelAll` per instrument, over the page's socket. The
// open-orders table's button and the Shift+C shortcut both go through here.

export interface RequestSender {
  send(request: object): boolean;
}

/** Sends a cancel-all for each distinct symbol; the symbols it could send (none while disconnected). */
export function sendCancelAll(session: RequestSender, symbols: Iterable<string>): string[] {
  const sent: string[] = [];
  for (const symbol of new Set(symbols)) {
    if (session.send({ op: 'order.cancelAll', id: `cancel-all-${symbol}`, symbol })) sent.push(symbol);
  }
  return sent;
}
