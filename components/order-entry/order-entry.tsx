'use client';
// Order entry: buy or sell; limit, market, stop or stop limit; prices and quantity on the
// instrument's grids; time in force and post-only; an estimate, validation before sending and the
// engine's answer after.
import { useLocale, useTranslations } from 'next-intl';
import { useRef, useState, type FormEvent } from 'react';
import { availableFor } from '@/lib/client/available.ts';
import { checkDraft, type OrderDraft } from '@/lib/client/order-draft.ts';
import { estimateOrder, PRICE_BAND_BPS, protectionTicks } from '@/lib/client/order-estimate.ts';
import { quantityForFraction } from '@/lib/client/order-sizing.ts';
import { ticksToPrice, priceToTicks } from '@/lib/market/decimal.ts';
import type { Instrument } from '@/lib/market/instruments.ts';
import { hasLimitPrice, isStopType, type OrderType } from '@/lib/protocol/orders.ts';
import { asTicks } from '@/lib/market/units.ts';
import { useAccount, useOrders, usePositions } from '@/components/account/use-account.ts';
import { useBook } from '@/components/market-data/use-book.ts';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { useLastTradePrice } from '@/components/market-data/use-last-trade-price.ts';
import { useTicketHotkeys } from '@/components/hotkeys/use-ticket-hotkeys.ts';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import { DecimalField } from './decimal-field.tsx';
import { OrderOptions } from './order-options.tsx';
import { OrderSummary } from './order-summary.tsx';
import { Segmented, type SegmentOption } from './segmented.tsx';
import { TicketFeedback } from './ticket-feedback.tsx';
import { usePickedPrice } from './use-picked-price.ts';
import { useOrderTicket } from './use-order-ticket.ts';
import styles from './order-entry.module.css';

const FRACTIONS = [0.25, 0.5, 0.75, 1] as const;
const TYPES: readonly OrderType[] = ['limit', 'market', 'stop_market', 'stop_limit'];

export function OrderEntry({ inst }: { inst: Instrument }) {
  const { symbol } = inst;
  const t = useTranslations('ticket');
  const locale = useLocale();
  const say = useUiText();
  const base = symbol.includes('-') ? (symbol.split('-')[0] ?? symbol) : symbol;
  const [draft, setDraft] = useState<OrderDraft>({ side: 'buy', type: 'limit', quantity: '', price: '', stopPrice: '', timeInForce: 'GTC', postOnly: false });
  const [touched, setTouched] = useState({ quantity: false, price: false, stopPrice: false });
  const book = useBook(symbol);
  const lastPrice = useLastTradePrice(symbol);
  const connection = useConnection();
  const account = useAccount().data;
  const position = usePositions().data?.positions.find((p) => p.symbol === symbol);
  const openOrders = useOrders().data?.open;
  const { ticket, place } = useOrderTicket(symbol);
  const update = (changes: Partial<OrderDraft>): void => setDraft((d) => ({ ...d, ...changes }));
  // A price picked from the book is the stop of a stop-market, the limit otherwise (a market order becomes a limit).
  usePickedPrice((price) => update(draft.type === 'stop_market' ? { stopPrice: price } : { price, ...(draft.type === 'market' ? { type: 'limit' } : {}) }));
  const formRef = useRef<HTMLFormElement>(null);
  useTicketHotkeys(formRef, (side) => update({ side }));

  const lastTicks = lastPrice === undefined ? undefined : (priceToTicks(lastPrice, inst) ?? undefined);
  const check = checkDraft(draft, inst, lastTicks);
  const estimate = check.ok ? estimateOrder(check.order, inst, book) : undefined;
  const bestTicks = draft.side === 'buy' ? book.asks[0]?.[0] : book.bids[0]?.[0];
  const stopTicks = priceToTicks((draft.stopPrice ?? '').trim(), inst) ?? undefined;
  // What a fraction of the available cash is sized at: the price the order reserves or is expected to fill at.
  const refTicks = hasLimitPrice(draft.type)
    ? (priceToTicks(draft.price.trim(), inst) ?? stopTicks ?? bestTicks)
    : draft.type === 'stop_market' && stopTicks !== undefined
      ? protectionTicks(draft.side, stopTicks)
      : bestTicks;
  const free = account ? availableFor(symbol, Number(account.cash), Number(position?.quantity ?? 0), openOrders ?? []) : undefined;
  const available = { cash: free?.cash, position: free?.position };
  const canTrade = connection.state === 'open' && connection.isAuthenticated;
  const isBusy = ticket?.status === 'sending';
  const errors = check.ok ? {} : check.errors;
  const errorText = (field: keyof typeof errors, isTouched: boolean): string | undefined => {
    const error = errors[field];
    return isTouched && error ? say(error) : undefined;
  };
  const types: SegmentOption<OrderType>[] = TYPES.map((value) => ({ value, label: t(`type.${value}`) }));
  const submitLabel = draft.type === 'stop_market' ? t('submitStop', { side: draft.side }) : draft.type === 'stop_limit' ? t('submitStopLimit', { side: draft.side }) : t('submit', { side: draft.side, base });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setTouched({ quantity: true, price: true, stopPrice: true });
    if (!check.ok || !canTrade || isBusy) return;
    place(check.order);
  };
  const stepped = (text: string, from: number | undefined, direction: 1 | -1): string | undefined => {
    const ticks = priceToTicks(text.trim(), inst) ?? from;
    return ticks === undefined ? undefined : ticksToPrice(asTicks(Math.max(1, ticks + direction)), inst);
  };
  const stepPrice = (direction: 1 | -1): void => {
    const price = stepped(draft.price, bestTicks, direction);
    if (price !== undefined) update({ price });
  };
  const stepStop = (direction: 1 | -1): void => {
    const stopPrice = stepped(draft.stopPrice ?? '', lastTicks ?? bestTicks, direction);
    if (stopPrice !== undefined) update({ stopPrice });
  };
  const applyFraction = (fraction: number): void => {
    const price = refTicks === undefined ? undefined : refTicks * Number(inst.tickSize);
    const quantity = quantityForFraction(draft.side, fraction, inst, { cash: available.cash ?? 0, position: available.position ?? 0 }, price);
    if (quantity !== undefined) update({ quantity });
    setTouched((t) => ({ ...t, quantity: true }));
  };

  return (
    <form ref={formRef} className={styles.form} onSubmit={submit} noValidate aria-label={t('formLabel', { symbol })} data-testid="order-form" data-last-price={lastPrice}>
      <Segmented
        name="side"
        legend={t('sideLegend')}
        value={draft.side}
        onChange={(side) => update({ side })}
        options={[
          { value: 'buy', label: t('side.buy'), tone: 'up' },
          { value: 'sell', label: t('side.sell'), tone: 'down' },
        ]}
      />
      <Segmented name="type" legend={t('typeLegend')} size="small" value={draft.type} onChange={(type) => update({ type })} options={types} />
      {isStopType(draft.type) && (
        <DecimalField
          id="order-stop-price"
          label={t('stopPrice')}
          unit="USD"
          value={draft.stopPrice ?? ''}
          placeholder={lastPrice}
          hint={t('stopHint')}
          error={errorText('stopPrice', touched.stopPrice)}
          onChange={(stopPrice) => update({ stopPrice })}
          onBlur={() => setTouched((t) => ({ ...t, stopPrice: draft.stopPrice !== '' || t.stopPrice }))}
          onStep={stepStop}
        />
      )}
      {hasLimitPrice(draft.type) ? (
        <DecimalField
          id="order-price"
          label={draft.type === 'limit' ? t('price') : t('limitPrice')}
          unit="USD"
          value={draft.price}
          placeholder={bestTicks === undefined ? undefined : ticksToPrice(bestTicks, inst)}
          hint={t('priceHint', { tick: inst.tickSize })}
          error={errorText('price', touched.price)}
          onChange={(price) => update({ price })}
          onBlur={() => setTouched((t) => ({ ...t, price: draft.price !== '' || t.price }))}
          onStep={stepPrice}
          aside={<OrderOptions type={draft.type} timeInForce={draft.timeInForce ?? 'GTC'} postOnly={draft.postOnly === true} onChange={update} />}
        />
      ) : (
        <p className={styles.marketNote}>
          {draft.type === 'market' ? t('marketNote') : t('stopMarketNote', { side: draft.side, band: PRICE_BAND_BPS / 100 })}
        </p>
      )}
      <DecimalField
        id="order-quantity"
        label={t('quantity')}
        unit={base}
        value={draft.quantity}
        hint={t('quantityHint', { lot: inst.lotSize, min: inst.minQty })}
        error={errorText('quantity', touched.quantity)}
        onChange={(quantity) => update({ quantity })}
        onBlur={() => setTouched((t) => ({ ...t, quantity: draft.quantity !== '' || t.quantity }))}
      />
      <div className={styles.fractions} role="group" aria-label={t('fractions')}>
        {FRACTIONS.map((f) => (
          <button key={f} type="button" className={styles.fraction} onClick={() => applyFraction(f)}>
            {f * 100}%
          </button>
        ))}
      </div>
      <OrderSummary side={draft.side} type={draft.type} estimate={estimate} precision={inst.pricePrecision} baseUnit={base} available={available} locale={locale} />
      <button type="submit" className={styles.submit} data-side={draft.side} disabled={!canTrade || isBusy} data-testid="order-submit">
        {!canTrade ? (connection.state === 'open' ? t('unavailable') : t('connecting')) : submitLabel}
      </button>
      <TicketFeedback ticket={ticket} />
    </form>
  );
}
