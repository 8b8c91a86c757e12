'use client';
// The order-book ladder: asks over bids with size and cumulative-depth bars, the spread between them,
// price grouping by tick multiples (the precision switch, kept per symbol), the user's resting orders
// marked on their rows, and a click on a price filling the order form. Greyed out and labelled whenever
// the book is not live (reconnecting, stale, resyncing).
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { GROUP_MULTIPLES, groupStepText } from '@/lib/client/group-levels.ts';
import { ownOrdersOf } from '@/lib/client/own-order-rows.ts';
import { getInstrument } from '@/lib/market/instruments.ts';
import { useOrders } from '@/components/account/use-account.ts';
import { useBook } from '@/components/market-data/use-book.ts';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { pickPrice, usePricePickStore } from '@/components/order-entry/price-pick.tsx';
import { Panel } from '@/components/trader/panel.tsx';
import { ladderModel } from './ladder-model.ts';
import { LadderSide } from './ladder-side.tsx';
import styles from './order-book.module.css';
import { useGroupMultiple } from './use-group-multiple.ts';

/** Rows per side; the panel clips the far ends when it is shorter. */
const ROWS = 16;

export function OrderBook({ symbol }: { symbol: string }) {
  const t = useTranslations('book');
  const inst = getInstrument(symbol);
  const view = useBook(symbol);
  const connection = useConnection();
  const picks = usePricePickStore();
  const [multiple, setMultiple] = useGroupMultiple(symbol);
  // The account cache follows the order events, so marks come and go as orders rest, fill and cancel.
  const openOrders = useOrders().data?.open;
  const own = useMemo(() => (inst && openOrders ? ownOrdersOf(openOrders, inst) : []), [openOrders, inst]);
  const model = useMemo(() => (inst ? ladderModel(view, inst, multiple, ROWS, own) : undefined), [view, inst, multiple, own]);
  if (!inst || !model) return null;
  const isLive = connection.state === 'open' && view.status === 'live';
  const notice = connection.state !== 'open' ? t('lost') : view.status === 'waiting' ? t('loading') : t('stale');
  const onPick = (price: string): void => pickPrice(picks, price);

  const tools = (
    <label className={styles.grouping}>
      <span className="visually-hidden">{t('grouping')}</span>
      <select value={multiple} onChange={(e) => setMultiple(Number(e.target.value))} data-testid="book-grouping" title={t('groupingTitle')}>
        {GROUP_MULTIPLES.map((m) => (
          <option key={m} value={m}>
            {groupStepText(m, inst)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Panel title={t('title')} tools={tools} className={styles.panel} testId="live-book">
      <div
        className={styles.ladder}
        data-testid="order-book"
        data-state={isLive ? 'live' : view.status}
        data-best-bid={isLive ? model.bestBid : undefined}
        data-best-ask={isLive ? model.bestAsk : undefined}
        data-grouping={multiple}
        aria-busy={!isLive}
      >
        <div className={styles.columns} aria-hidden="true">
          <span>{t('price')}</span>
          <span>{t('size')}</span>
          <span>{t('total')}</span>
        </div>
        <LadderSide side="ask" lines={model.asks} onPick={onPick} />
        <div className={styles.spread} data-testid="book-spread">
          <span className="num up" data-testid="best-bid">
            {model.bestBidText ?? '—'}
          </span>
          <span className={styles.spreadText}>{model.spreadText ? t('spread', { value: model.spreadText }) : t('noSpread')}</span>
          <span className="num down" data-testid="best-ask">
            {model.bestAskText ?? '—'}
          </span>
        </div>
        <LadderSide side="bid" lines={model.bids} onPick={onPick} />
        {!isLive && (
          <div className={styles.notice} role="status" data-testid="book-notice">
            {notice}
          </div>
        )}
      </div>
    </Panel>
  );
}
