'use client';
// The price chart: candlesticks and volume for a symbol and timeframe. History comes over REST
// (TanStack Query), live candles over the socket extend it; the crosshair drives the OHLCV readout.
// Over it, the account's open orders, entry and fills (ChartOrders).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { barFromCandle, type Bar } from '@/lib/client/candle-merge.ts';
import { getInstrument } from '@/lib/market/instruments.ts';
import type { Timeframe } from '@/lib/protocol/messages.ts';
import { useMarketSession } from '@/components/market-data/market-session-context.tsx';
import { useOnReconnect } from '@/components/market-data/use-on-reconnect.ts';
import { ChartController } from './chart-controller.ts';
import { ChartOrders } from './chart-orders.tsx';
import { readChartColors, type ChartColors } from './chart-theme.ts';
import { candleHistoryQuery } from './candle-history.ts';
import { OhlcvLegend } from './ohlcv-legend.tsx';
import { TimeframeSwitch } from './timeframe-switch.tsx';
import styles from './candle-chart.module.css';

export function CandleChart({ symbol }: { symbol: string }) {
  const t = useTranslations('chart');
  const locale = useLocale();
  // The chart is built once per container; it reads the language of that moment, then follows changes.
  const localeRef = useRef(locale);
  const session = useMarketSession();
  const queryClient = useQueryClient();
  const [timeframe, setTimeframe] = useState<Timeframe>('1m');
  const [hover, setHover] = useState<Bar | null>(null);
  const [last, setLast] = useState<Bar | undefined>(undefined);
  const controllerRef = useRef<ChartController | null>(null);
  // The same controller as state, for the account overlay, which renders once the chart exists.
  const [chart, setChart] = useState<{ controller: ChartController; colors: ChartColors } | null>(null);
  const inst = getInstrument(symbol);
  const precision = inst?.pricePrecision ?? 2;
  const minMove = Number(inst?.tickSize ?? '0.01');
  const key = `${symbol}:${timeframe}`;

  // The chart lives as long as its container; it follows the theme switch on <html>.
  const attach = useCallback((container: HTMLDivElement | null) => {
    if (!container) return;
    const colors = readChartColors();
    const controller = new ChartController(container, colors, { onHover: setHover, onLastBar: setLast }, localeRef.current);
    controllerRef.current = controller;
    setChart({ controller, colors });
    const observer = new MutationObserver(() => {
      const next = readChartColors();
      controller.setColors(next);
      setChart({ controller, colors: next });
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      observer.disconnect();
      controller.destroy();
      controllerRef.current = null;
      setChart(null);
    };
  }, []);

  useEffect(() => {
    localeRef.current = locale;
    controllerRef.current?.setLocale(locale);
  }, [locale]);

  // A new series: clear, then take live candles at once (buffered until the history lands).
  useEffect(() => {
    const controller = controllerRef.current;
    if (!controller) return;
    controller.show(key, precision, minMove);
    return session.candleFeed(symbol, timeframe).listen((candle) => {
      const bar = barFromCandle(candle);
      if (bar) controller.pushLive(key, bar);
    });
  }, [session, symbol, timeframe, key, precision, minMove]);

  const history = useQuery(candleHistoryQuery(symbol, timeframe));
  useEffect(() => {
    if (history.data) controllerRef.current?.loadHistory(key, history.data);
  }, [history.data, key]);

  // Bars that closed while the socket was down are in the database: fetch them and merge.
  useOnReconnect(() => void queryClient.invalidateQueries({ queryKey: candleHistoryQuery(symbol, timeframe).queryKey }));

  return (
    <div className={styles.wrap}>
      <div className={styles.toolbar}>
        <TimeframeSwitch
          value={timeframe}
          onChange={(tf) => {
            setHover(null);
            setTimeframe(tf);
          }}
        />
        {history.isError && <span className={styles.note}>{t('historyUnavailable')}</span>}
        {/* lightweight-charts' licence: a link to TradingView on the page that shows its chart. */}
        <a className={styles.attribution} href="https://www.tradingview.com/" target="_blank" rel="noopener" data-testid="chart-attribution">
          {t('attribution')}
        </a>
      </div>
      <div className={styles.stage}>
        <OhlcvLegend bar={hover ?? last} precision={precision} isHover={hover !== null} locale={locale} />
        <div ref={attach} className={styles.canvas} data-testid="price-chart" data-timeframe={timeframe} />
        {chart && inst && <ChartOrders controller={chart.controller} colors={chart.colors} inst={inst} timeframe={timeframe} />}
        {history.isPending && timeframe !== '1s' && <div className={styles.loading}>{t('loadingHistory')}</div>}
      </div>
    </div>
  );
}
