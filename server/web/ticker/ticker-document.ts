// The widget's whole HTML document, rendered on the server from validated options: markup, inline
// style and the inline script, with the hashes a strict Content-Security-Policy needs.
import { createHash } from 'node:crypto';
import { backoffDelayMs } from '../../../lib/util/backoff.ts';
import { INDEX_LABEL, tickerConfig, type EmbedOptions } from '../../../lib/protocol/embed-options.ts';
import { tickerLabels, type TickerLabels } from './ticker-labels.ts';
import { runTicker } from './ticker-script.ts';
import { TICKER_CSS } from './ticker-styles.ts';

const DASH = '—';

/** Escapes text for HTML content and attribute values. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const STYLE_HASH = sha256(TICKER_CSS);

/** One item of the scrolling strip; test ids only on the first copy (the second one exists for the seamless loop). */
function stripItem(symbol: string, isCopy: boolean): string {
  const id = (what: string): string => (isCopy ? '' : ` data-testid="ticker-${what}-${escapeHtml(symbol)}"`);
  return `<span class="item" data-symbol="${escapeHtml(symbol)}"${id('item')}><span class="sym">${escapeHtml(symbol)}</span><span class="num" data-field="last"${id('last')}>${DASH}</span><span class="num" data-field="changePct"${id('change')}>${DASH}</span></span>`;
}

function gridRow(symbol: string): string {
  const cell = (field: string): string => `<td class="num" data-field="${field}"${field === 'last' ? ` data-testid="ticker-last-${escapeHtml(symbol)}"` : ''}>${DASH}</td>`;
  return `<tr data-symbol="${escapeHtml(symbol)}" data-testid="ticker-item-${escapeHtml(symbol)}"><td class="sym">${escapeHtml(symbol)}</td>${['last', 'changePct', 'bid', 'ask'].map(cell).join('')}</tr>`;
}

function body(options: EmbedOptions, labels: TickerLabels): string {
  const symbols = [INDEX_LABEL, ...options.symbols];
  const status = `<span class="status" data-ticker-status data-testid="ticker-status" role="status">${escapeHtml(labels.status.connecting)}</span>`;
  const brand = '<a class="brand" href="/" target="_blank" rel="noopener">Tickwire</a>';
  if (options.layout === 'grid') {
    const { symbol, last, change, bid, ask } = labels.columns;
    const head = `<tr>${[symbol, last, change, bid, ask].map((label) => `<th>${escapeHtml(label)}</th>`).join('')}</tr>`;
    return `<div class="ticker grid" data-ticker data-index="${INDEX_LABEL}" data-testid="ticker"><header>${status}${brand}</header><table><thead>${head}</thead><tbody>${symbols.map(gridRow).join('')}</tbody></table></div>`;
  }
  const items = symbols.map((s) => stripItem(s, false)).join('');
  const copies = symbols.map((s) => stripItem(s, true)).join('');
  const still = options.speed === 0 ? ' still' : '';
  return `<div class="ticker${still}" data-ticker data-index="${INDEX_LABEL}" data-testid="ticker">${status}<div class="viewport"><div class="track" data-track>${items}<span aria-hidden="true" class="item">${copies}</span></div></div>${brand}</div>`;
}

/** The document (in the options' language) and the Content-Security-Policy that allows exactly its own style and script. */
export function renderTickerDocument(options: EmbedOptions, frameAncestors: string): { html: string; contentSecurityPolicy: string } {
  const labels = tickerLabels(options.lang);
  // `<` escaped so no value can close the script element.
  const script = `(${runTicker.toString()})(${JSON.stringify(tickerConfig(options, labels.status)).replace(/</g, '\\u003c')}, ${backoffDelayMs.toString()});`;
  const html = `<!doctype html>
<html lang="${options.lang}" data-theme="${options.theme}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(labels.title)}</title><style>${TICKER_CSS}</style></head>
<body>${body(options, labels)}<script>${script}</script></body>
</html>`;
  return { html, contentSecurityPolicy: tickerPolicy(frameAncestors, sha256(script)) };
}

/** The widget may be framed by `frameAncestors` (and the app's own pages); it may only talk to its own origin. */
export function tickerPolicy(frameAncestors: string, scriptHash?: string): string {
  const ancestors = frameAncestors === "'none'" ? "'none'" : `'self' ${frameAncestors}`;
  const script = scriptHash ? `; script-src ${scriptHash}` : '';
  return `default-src 'none'; style-src ${STYLE_HASH}; connect-src 'self'; base-uri 'none'; form-action 'none'${script}; frame-ancestors ${ancestors}`;
}
