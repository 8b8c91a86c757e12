// Chart colours from the page's theme tokens (CSS variables), so the chart follows the theme switch.
import { ColorType, type DeepPartial, type ChartOptions } from 'lightweight-charts';

/** The colours the chart and its series use. */
export interface ChartColors {
  background: string;
  text: string;
  grid: string;
  border: string;
  up: string;
  down: string;
  upVolume: string;
  downVolume: string;
  crosshair: string;
  /** The position's entry line: neutral, the body text colour. */
  entry: string;
}

/** Reads the current theme's tokens from <html>. */
export function readChartColors(): ChartColors {
  const css = getComputedStyle(document.documentElement);
  const token = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    background: token('--panel', '#121722'),
    text: token('--muted', '#7d8799'),
    grid: token('--grid', 'rgba(125,135,153,0.12)'),
    border: token('--border', '#1f2633'),
    up: token('--up', '#26a69a'),
    down: token('--down', '#ef5350'),
    upVolume: token('--up-strong', 'rgba(38,166,154,0.32)'),
    downVolume: token('--down-strong', 'rgba(239,83,80,0.32)'),
    crosshair: token('--muted', '#7d8799'),
    entry: token('--text', '#d6dde8'),
  };
}

/** Chart-level options for a palette. */
export function chartOptionsFor(colors: ChartColors): DeepPartial<ChartOptions> {
  return {
    // The library's logo picks its light or dark look from the text colour and reads as an outline on our
    // dark panel; the attribution its licence asks for is the link in the chart's toolbar (candle-chart.tsx).
    layout: { background: { type: ColorType.Solid, color: colors.background }, textColor: colors.text, fontFamily: 'system-ui, sans-serif', attributionLogo: false },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    rightPriceScale: { borderColor: colors.border },
    timeScale: { borderColor: colors.border },
    crosshair: { vertLine: { color: colors.crosshair, labelBackgroundColor: colors.border }, horzLine: { color: colors.crosshair, labelBackgroundColor: colors.border } },
  };
}
