// Drives one lightweight-charts chart: candles plus a volume overlay, history then live bars, applied
// once per animation frame; never hands the chart a bar older than its last one, and keeps the
// user's zoom and scroll position when bars arrive or history is reloaded. It also carries the
// account's marks (ChartAnnotations) and tells the HTML overlay when prices moved on screen.
import { CandlestickSeries, createChart, HistogramSeries, type IChartApi, type ISeriesApi, type MouseEventParams, type TickMarkType, type Time, type UTCTimestamp } from 'lightweight-charts';
import { intlLocale, type AppLocale } from '@/i18n/locales.ts';
import { mergeHistory, mergeLiveBar, type Bar } from '@/lib/client/candle-merge.ts';
import { requestFrame } from '@/lib/client/frame-scheduler.ts';
import { ChartAnnotations } from './chart-annotations.ts';
import { chartOptionsFor, type ChartColors } from './chart-theme.ts';
import { localDateTime, localTickMark } from './local-time.ts';
import { keepViewAfterReload, showLatest } from './visible-range.ts';

/** What the chart tells its component: the bar under the crosshair, and the latest bar. */
export interface ChartListener {
  onHover(bar: Bar | null): void;
  onLastBar(bar: Bar | undefined): void;
}

export class ChartController {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'>;
  private key: string | undefined;
  private bars: Bar[] = [];
  /** Live bars that arrived before the history: merged with it when it lands. */
  private early: Bar[] = [];
  private hasHistory = false;
  private queued: Bar[] = [];
  private isFrameScheduled = false;
  private isDestroyed = false;
  /** Open orders, the entry and fills drawn on the candles. */
  readonly annotations: ChartAnnotations;
  private readonly viewListeners = new Set<() => void>();
  private isViewScheduled = false;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly container: HTMLElement,
    private colors: ChartColors,
    private readonly listener: ChartListener,
    locale: AppLocale,
  ) {
    this.chart = createChart(container, {
      ...chartOptionsFor(colors),
      autoSize: true,
      localization: localizationFor(locale),
      timeScale: { timeVisible: true, secondsVisible: true, rightOffset: 4, tickMarkFormatter: tickMarksFor(locale), borderColor: colors.border },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, { borderVisible: false, priceLineVisible: true });
    this.candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.26 } });
    // Volume sits on its own overlay scale in the bottom fifth, under the candles.
    this.volume = this.chart.addSeries(HistogramSeries, { priceScaleId: '', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    this.volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    this.applySeriesColors();
    this.chart.subscribeCrosshairMove(this.onCrosshair);
    this.chart.timeScale().subscribeVisibleLogicalRangeChange((range) => {
      // Exposed for tests and tools: how many bars wide the user's view is.
      container.dataset.visibleBars = range ? (range.to - range.from).toFixed(2) : '';
      this.scheduleViewChange();
    });
    this.annotations = new ChartAnnotations(this.candles, container);
    // The chart asks its primitives to update on every repaint, which is also how a price-scale drag
    // or an autoscale after new bars shows: the one hook that sees every move of the price axis.
    this.candles.attachPrimitive({ updateAllViews: () => this.scheduleViewChange() });
    this.resizeObserver = new ResizeObserver(() => this.scheduleViewChange());
    this.resizeObserver.observe(container);
  }

  /** Labels times (and the price scale's numbers) in another language. */
  setLocale(locale: AppLocale): void {
    if (this.isDestroyed) return;
    this.chart.applyOptions({ localization: localizationFor(locale), timeScale: { tickMarkFormatter: tickMarksFor(locale) } });
  }

  /** The y (px from the pane's top) of a price on the candles' scale; null before there is a scale. */
  priceToY(price: number): number | null {
    return this.isDestroyed ? null : this.candles.priceToCoordinate(price);
  }

  /** The price at a y (px from the pane's top); null before there is a scale. */
  yToPrice(y: number): number | null {
    return this.isDestroyed ? null : this.candles.coordinateToPrice(y);
  }

  /** The plot area's size: the chart without its price and time scales. */
  paneSize(): { width: number; height: number } {
    return this.isDestroyed ? { width: 0, height: 0 } : this.chart.paneSize();
  }

  /** The latest bar's close, where the market is now. */
  lastClose(): number | undefined {
    return this.bars[this.bars.length - 1]?.close;
  }

  /** Calls `listener` (at most once a frame) whenever prices may have moved on screen. */
  onViewChange(listener: () => void): () => void {
    this.viewListeners.add(listener);
    this.scheduleViewChange();
    return () => this.viewListeners.delete(listener);
  }

  /** Starts a new series (another symbol or timeframe): clears the bars and waits for history. */
  show(key: string, precision: number, minMove: number): void {
    this.key = key;
    this.bars = [];
    this.early = [];
    this.queued = [];
    this.hasHistory = false;
    this.candles.applyOptions({ priceFormat: { type: 'price', precision, minMove } });
    this.candles.setData([]);
    this.volume.setData([]);
    this.publish();
  }

  /** Sets (or refreshes) the history of the current series, joined with the live bars seen so far. */
  loadHistory(key: string, history: readonly Bar[]): void {
    if (key !== this.key) return;
    const isFirst = !this.hasHistory;
    const merged = mergeHistory(history, isFirst ? this.early : this.bars);
    const before = { range: this.chart.timeScale().getVisibleLogicalRange(), times: this.chart.timeScale().getVisibleRange(), count: this.bars.length };
    this.bars = merged;
    this.early = [];
    this.hasHistory = true;
    this.candles.setData(merged.map(toCandle));
    this.volume.setData(merged.map((bar) => this.toVolume(bar)));
    if (isFirst) showLatest(this.chart.timeScale(), merged.length);
    else keepViewAfterReload(this.chart.timeScale(), before, merged.length);
    this.publish();
  }

  /** Queues a live bar; queued bars are applied at the next animation frame. */
  pushLive(key: string, bar: Bar): void {
    if (key !== this.key) return;
    this.queued.push(bar);
    if (this.isFrameScheduled) return;
    this.isFrameScheduled = true;
    requestFrame(() => this.flush());
  }

  setColors(colors: ChartColors): void {
    this.colors = colors;
    this.chart.applyOptions(chartOptionsFor(colors));
    this.applySeriesColors();
    this.volume.setData(this.bars.map((bar) => this.toVolume(bar)));
  }

  destroy(): void {
    this.isDestroyed = true;
    this.resizeObserver.disconnect();
    this.viewListeners.clear();
    this.chart.unsubscribeCrosshairMove(this.onCrosshair);
    this.chart.remove();
  }

  private flush(): void {
    this.isFrameScheduled = false;
    // A frame asked for just before the chart was removed (the user switched instrument): a removed
    // chart throws "Object is disposed" on any call.
    if (this.isDestroyed) return;
    const queued = this.queued;
    this.queued = [];
    for (const bar of queued) {
      if (!this.hasHistory) {
        this.early.push(bar);
        continue;
      }
      // update() may only touch the last bar or add a newer one; mergeLiveBar drops anything older.
      if (mergeLiveBar(this.bars, bar) === 'ignore') continue;
      this.candles.update(toCandle(bar));
      this.volume.update(this.toVolume(bar));
    }
    this.publish();
  }

  private publish(): void {
    const last = this.bars[this.bars.length - 1];
    this.container.dataset.bars = String(this.bars.length);
    this.container.dataset.lastBarTime = last ? String(last.time) : '';
    this.listener.onLastBar(last);
    this.scheduleViewChange();
  }

  private scheduleViewChange(): void {
    if (this.isViewScheduled || this.isDestroyed) return;
    this.isViewScheduled = true;
    requestFrame(() => {
      this.isViewScheduled = false;
      if (this.isDestroyed) return;
      for (const listener of this.viewListeners) listener();
    });
  }

  private readonly onCrosshair = (param: MouseEventParams<Time>): void => {
    if (param.time === undefined || param.point === undefined) return this.listener.onHover(null);
    this.listener.onHover(findBar(this.bars, Number(param.time)) ?? null);
  };

  private applySeriesColors(): void {
    const { up, down } = this.colors;
    this.candles.applyOptions({ upColor: up, downColor: down, wickUpColor: up, wickDownColor: down });
  }

  private toVolume(bar: Bar): { time: UTCTimestamp; value: number; color: string } {
    return { time: bar.time as UTCTimestamp, value: bar.volume, color: bar.close >= bar.open ? this.colors.upVolume : this.colors.downVolume };
  }
}

function toCandle(bar: Bar): { time: UTCTimestamp; open: number; high: number; low: number; close: number } {
  return { time: bar.time as UTCTimestamp, open: bar.open, high: bar.high, low: bar.low, close: bar.close };
}

// Bars are ascending by time: binary search.
function findBar(bars: readonly Bar[], time: number): Bar | undefined {
  let low = 0;
  let high = bars.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const bar = bars[mid];
    if (!bar) return undefined;
    if (bar.time === time) return bar;
    if (bar.time < time) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}

// The crosshair's time and the price scale's numbers in the page's language.
function localizationFor(locale: AppLocale): { locale: string; timeFormatter: (time: Time) => string } {
  return { locale: intlLocale(locale), timeFormatter: (time: Time) => localDateTime(time, locale) };
}

function tickMarksFor(locale: AppLocale): (time: Time, type: TickMarkType) => string | null {
  return (time, type) => localTickMark(time, type, locale);
}
