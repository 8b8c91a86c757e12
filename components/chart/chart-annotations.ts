// The account's marks on the candle series: price lines (open orders, the entry) kept in step with a
// list by id, so an unchanged line is not recreated, and fill markers through v5's markers plugin.
import { createSeriesMarkers, LineStyle, type IPriceLine, type ISeriesApi, type ISeriesMarkersPluginApi, type SeriesMarker, type Time, type UTCTimestamp } from 'lightweight-charts';
import type { FillMarker } from './fill-markers.ts';

/** One horizontal line on the candles. */
export interface PriceLineSpec {
  id: string;
  price: number;
  color: string;
  style: 'solid' | 'dashed' | 'dotted';
  /** Drawn by the chart at the line's right end; empty where the HTML overlay labels the line. */
  title: string;
  /** Text colour of the price-scale label (the label's background is the line colour). */
  axisTextColor: string;
  lineWidth: 1 | 2;
}

const STYLES = { solid: LineStyle.Solid, dashed: LineStyle.Dashed, dotted: LineStyle.Dotted } as const;

export class ChartAnnotations {
  private readonly lines = new Map<string, { line: IPriceLine; spec: PriceLineSpec }>();
  private readonly markers: ISeriesMarkersPluginApi<Time>;

  constructor(
    private readonly series: ISeriesApi<'Candlestick'>,
    private readonly container: HTMLElement,
  ) {
    this.markers = createSeriesMarkers(series, [], { zOrder: 'aboveSeries' });
  }

  /** Makes the series' account lines exactly `specs`: creates, changes and removes by id. */
  setLines(specs: readonly PriceLineSpec[]): void {
    const wanted = new Set(specs.map((s) => s.id));
    for (const [id, { line }] of this.lines) {
      if (wanted.has(id)) continue;
      this.series.removePriceLine(line);
      this.lines.delete(id);
    }
    for (const spec of specs) {
      const options = {
        id: spec.id,
        price: spec.price,
        color: spec.color,
        lineWidth: spec.lineWidth,
        lineStyle: STYLES[spec.style],
        title: spec.title,
        axisLabelVisible: true,
        axisLabelColor: spec.color,
        axisLabelTextColor: spec.axisTextColor,
      };
      const current = this.lines.get(spec.id);
      if (!current) this.lines.set(spec.id, { line: this.series.createPriceLine(options), spec });
      else if (!sameSpec(current.spec, spec)) {
        current.line.applyOptions(options);
        current.spec = spec;
      }
    }
    // Exposed for tests and tools: how many order lines the chart draws, and the entry's price.
    this.container.dataset.orderLines = String([...wanted].filter((id) => id.startsWith('order:')).length);
    this.container.dataset.entryPrice = String(specs.find((s) => s.id === 'entry')?.price ?? '');
  }

  /** Replaces the fill markers. */
  setMarkers(markers: readonly FillMarker[], colors: { up: string; down: string }): void {
    this.markers.setMarkers(
      markers.map(
        (m): SeriesMarker<Time> => ({
          id: m.id,
          time: m.time as UTCTimestamp,
          position: m.position,
          shape: m.shape,
          color: m.side === 'buy' ? colors.up : colors.down,
          text: m.text,
          size: 1,
        }),
      ),
    );
    // Exposed for tests and tools: how many markers the chart holds.
    this.container.dataset.fillMarkers = String(markers.length);
  }
}

function sameSpec(a: PriceLineSpec, b: PriceLineSpec): boolean {
  return a.price === b.price && a.color === b.color && a.style === b.style && a.title === b.title && a.axisTextColor === b.axisTextColor && a.lineWidth === b.lineWidth;
}
