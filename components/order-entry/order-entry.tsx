'use client';
// Order entry: buy or sell, market or limit, price and quantity on the instrument's grids, an
// estimate, validation before sending and the engine's answer after.
import { useRef, useState, type FormEvent } from 'react';
import { availableFor } from '@/lib/client/available.ts';
import { checkDraft, type OrderDraft } from '@/lib/client/order-draft.ts';
import { estimateOrder } from '@/lib/client/order-estimate.ts';
import { quantityForFraction } from '@/lib/client/order-sizing.ts';
import { ticksToPrice, priceToTicks } from '@/lib/market/decimal.ts';
import type { Instrument } from '@/lib/market/instruments.ts';
import { asTicks } from '@/lib/market/units.ts';
import { useAccount, useOrders, usePositions } from '@/components/account/use-account.ts';
import { useBook } from '@/components/market-data/use-book.ts';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { useTicketHotkeys } from '@/components/hotkeys/use-ticket-hotkeys.ts';
import { DecimalField } from './decimal-field.tsx';
import { OrderSummary } from './order-summary.tsx';
import { Segmented } from './segmented.tsx';
import { TicketFeedback } from './ticket-feedback.tsx';
import { usePickedPrice } from './use-picked-price.ts';
import { useOrderTicket } from './use-order-ticket.ts';
import styles from './order-entry.module.css';

const FRACTIONS = [0.25, 0.5, 0.75, 1] as const;

export function OrderEntry({ inst }: { inst: Instrument }) {
  const { symbol } = inst;
  const base = symbol.includes('-') ? (symbol.split('-')[0] ?? symbol) : symbol;
  const [draft, setDraft] = useState<OrderDraft>({ side: 'buy', type: 'limit', quantity: '', price: '' });
  const [touched, setTouched] = useState({ quantity: false, price: false });
  const book = useBook(symbol);
  const connection = useConnection();
  const account = useAccount().data;
  const position = usePositions().data?.positions.find((p) => p.symbol === symbol);
  const openOrders = useOrders().data?.open;
  const { ticket, place } = useOrderTicket(symbol);
  const update = (changes: Partial<OrderDraft>): void => setDraft((d) => ({ ...d, ...changes }));
  usePickedPrice((price) => update({ price, type: 'limit' }));
  const formRef = useRef<HTMLFormElement>(null);
  useTicketHotkeys(formRef, (side) => update({ side }));

  const check = checkDraft(draft, inst);
  const estimate = check.ok ? estimateOrder(check.order, inst, book) : undefined;
  const bestTicks = draft.side === 'buy' ? book.asks[0]?.[0] : book.bids[0]?.[0];
  const refTicks = draft.type === 'limit' ? (priceToTicks(draft.price.trim(), inst) ?? bestTicks) : bestTicks;
  const free = account ? availableFor(symbol, Number(account.cash), Number(position?.quantity ?? 0), openOrders ?? []) : undefined;
  const available = { cash: free?.cash, position: free?.position };
  const canTrade = connection.state === 'open' && connection.isAuthenticated;
  const isBusy = ticket?.status === 'sending';
  const errors = check.ok ? {} : check.errors;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setTouched({ quantity: true, price: true });
    if (!check.ok || !canTrade || isBusy) return;
    place(check.order);
  };
  const stepPrice = (direction: 1 | -1): void => {
    const ticks = priceToTicks(draft.price.trim(), inst) ?? bestTicks;
    if (ticks !== undefined) update({ price: ticksToPrice(asTicks(Math.max(1, ticks + direction)), inst) });
  };
  const applyFraction = (fraction: number): void => {
    const price = refTicks === undefined ? undefined : refTicks * Number(inst.tickSize);
    const quantity = quantityForFraction(draft.side, fraction, inst, { cash: available.cash ?? 0, position: available.position ?? 0 }, price);
    if (quantity !== undefined) update({ quantity });
    setTouched((t) => ({ ...t, quantity: true }));
  };

  return (
    <form ref={formRef} className={styles.form} onSubmit={submit} noValidate aria-label={`Place an order on ${symbol}`} data-testid="order-form">
      <Segmented name="side" legend="Side" value={draft.side} onChange={(side) => update({ side })} options={[{ value: 'buy', label: 'Buy', tone: 'up' }, { value: 'sell', label: 'Sell', tone: 'down' }]} />
      <Segmented name="type" legend="Order type" size="small" value={draft.type} onChange={(type) => update({ type })} options={[{ value: 'limit', label: 'Limit' }, { value: 'market', label: 'Market' }]} />
      {draft.type === 'limit' ? (
        <DecimalField
          id="order-price"
          label="Price"
          unit="USD"
          value={draft.price}
          placeholder={bestTicks === undefined ? undefined : ticksToPrice(bestTicks, inst)}
          hint={`Tick ${inst.tickSize} · ↑↓ to step · click the book to fill`}
          error={touched.price ? errors.price : undefined}
          onChange={(price) => update({ price })}
          onBlur={() => setTouched((t) => ({ ...t, price: draft.price !== '' || t.price }))}
          onStep={stepPrice}
        />
      ) : (
        <p className={styles.marketNote}>Fills now against the book at the best available prices.</p>
      )}
      <DecimalField
        id="order-quantity"
        label="Quantity"
        unit={base}
        value={draft.quantity}
        hint={`Lot ${inst.lotSize} · min ${inst.minQty}`}
        error={touched.quantity ? errors.quantity : undefined}
        onChange={(quantity) => update({ quantity })}
        onBlur={() => setTouched((t) => ({ ...t, quantity: draft.quantity !== '' || t.quantity }))}
      />
      <div className={styles.fractions} role="group" aria-label="Quantity from what is available">
        {FRACTIONS.map((f) => (
          <button key={f} type="button" className={styles.fraction} onClick={() => applyFraction(f)}>
            {f * 100}%
          </button>
        ))}
      </div>
      <OrderSummary side={draft.side} estimate={estimate} precision={inst.pricePrecision} baseUnit={base} available={available} />
      <button type="submit" className={styles.submit} data-side={draft.side} disabled={!canTrade || isBusy} data-testid="order-submit">
        {!canTrade ? (connection.state === 'open' ? 'Trading unavailable' : 'Connecting…') : `${draft.side === 'buy' ? 'Buy' : 'Sell'} ${base}`}
      </button>
      <TicketFeedback ticket={ticket} />
    </form>
  );
}
