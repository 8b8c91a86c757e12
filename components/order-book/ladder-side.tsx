'use client';
// One side of the ladder. Asks are listed worst-first so the best ask sits on the spread, like bids below it.
import { useTranslations } from 'next-intl';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import type { LadderLine } from './ladder-model.ts';
import styles from './order-book.module.css';

export function LadderSide({ side, lines, onPick }: { side: 'bid' | 'ask'; lines: LadderLine[]; onPick: (price: string) => void }) {
  const t = useTranslations('book');
  const say = useUiText();
  const ordered = side === 'ask' ? [...lines].reverse() : lines;
  return (
    <div className={`${styles.side} ${side === 'ask' ? styles.asks : styles.bids}`} data-testid={side === 'ask' ? 'book-asks' : 'book-bids'}>
      {ordered.map((line, index) => (
        // Index keys keep the DOM rows in place while prices move through them: cheaper than re-keying by price.
        <button
          key={index}
          type="button"
          className={line.own ? `${styles.row} ${styles.ownRow}` : styles.row}
          data-price={line.price}
          data-own-size={line.own?.sizeText}
          onClick={() => onPick(line.price)}
          aria-label={line.own ? t('rowOwn', { side, price: line.priceText, size: line.sizeText, own: say(line.own.label) }) : t('row', { side, price: line.priceText, size: line.sizeText })}
        >
          {/* Scaled, not resized: a transform changes no layout, so 200 updates a second stay cheap. */}
          <span className={styles.depthBar} style={{ transform: `scaleX(${line.depthFraction.toFixed(3)})` }} />
          <span className={styles.sizeBar} style={{ transform: `scaleX(${line.sizeFraction.toFixed(3)})` }} />
          {line.own && <span className={styles.ownMark} data-testid="own-order-mark" title={say(line.own.label)} />}
          <span className={`num ${styles.price}`}>
            {line.priceText}
            {line.own && (
              <span className={styles.ownSize} title={say(line.own.label)}>
                {line.own.chipText}
              </span>
            )}
          </span>
          <span className="num">{line.sizeText}</span>
          <span className="num muted">{line.totalText}</span>
        </button>
      ))}
    </div>
  );
}
