// The widget's stylesheet, inline in its document: one request per embed, nothing to cache-bust.
export const TICKER_CSS = `
:root { --bg: #0b0e14; --text: #d6dde8; --muted: #7d8799; --line: #1f2633; --up: #26a69a; --down: #ef5350; color-scheme: dark; }
[data-theme='light'] { --bg: #ffffff; --text: #1b2230; --muted: #5f6b7d; --line: #dfe3ea; --up: #0f8a7e; --down: #d32f2f; color-scheme: light; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: var(--bg); color: var(--text); font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
.ticker { display: flex; align-items: center; gap: 10px; height: 100%; padding: 0 10px; overflow: hidden; }
.num { font-family: ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, monospace; font-variant-numeric: tabular-nums; }
.status { flex: none; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.status::before { content: '●'; margin-right: 4px; }
[data-status='live'] .status { color: var(--up); }
[data-status='reconnecting'] .status { color: var(--down); }
[data-status='reconnecting'] .viewport { opacity: .55; }
.brand { flex: none; color: var(--muted); font-size: 11px; text-decoration: none; }
.viewport { flex: 1; overflow: hidden; white-space: nowrap; mask-image: linear-gradient(90deg, transparent, #000 24px, #000 calc(100% - 24px), transparent); }
.track { display: inline-flex; gap: 28px; padding-right: 28px; animation: loop var(--loop-seconds, 40s) linear infinite; }
.still .track { animation: none; }
.viewport:hover .track { animation-play-state: paused; }
@keyframes loop { to { transform: translateX(-50%); } }
@media (prefers-reduced-motion: reduce) { .track { animation: none; } }
.item { display: inline-flex; gap: 6px; align-items: baseline; }
.sym { font-weight: 600; }
[data-dir='up'] [data-field='last'] { color: var(--up); }
[data-dir='down'] [data-field='last'] { color: var(--down); }
[data-sign='up'] { color: var(--up); }
[data-sign='down'] { color: var(--down); }
.grid { flex-direction: column; align-items: stretch; padding: 8px 10px; }
.grid header { display: flex; justify-content: space-between; }
.grid table { width: 100%; border-collapse: collapse; }
.grid th { color: var(--muted); font-weight: 500; font-size: 11px; text-align: right; padding: 3px 6px; border-bottom: 1px solid var(--line); }
.grid td { text-align: right; padding: 3px 6px; border-bottom: 1px solid var(--line); }
.grid th:first-child, .grid td:first-child { text-align: left; }
`;
