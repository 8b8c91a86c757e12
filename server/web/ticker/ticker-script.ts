// The widget's browser code. It is sent inline as `(${runTicker})(config, ${backoffDelayMs})`, so it
// must stay self-contained: no imports, no references outside its own body (the approach next-themes uses).
import type { backoffDelayMs } from '../../../lib/util/backoff.ts';
import type { TickerConfig } from '../../../lib/protocol/embed-options.ts';

/** Connects the page's ticker markup to the index stream with the browser's own EventSource; `delayMs` is the shared backoff, sent along. */
export function runTicker(config: TickerConfig, delayMs: typeof backoffDelayMs): void {
  const root = document.querySelector<HTMLElement>('[data-ticker]');
  const status = root?.querySelector<HTMLElement>('[data-ticker-status]');
  if (!root || !status) return;
  const labels: Record<string, string> = config.statusLabels;
  const items = new Map<string, HTMLElement[]>();
  for (const item of root.querySelectorAll<HTMLElement>('[data-symbol]')) {
    const symbol = item.dataset.symbol ?? '';
    items.set(symbol, [...(items.get(symbol) ?? []), item]);
  }
  const previous = new Map<string, number>();
  let lastEventId = '';
  let failures = 0;

  const setStatus = (next: string): void => {
    root.dataset.status = next;
    status.textContent = labels[next] ?? next;
  };
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const show = (symbol: string, fields: { last?: string; changePct?: string; bid?: string; ask?: string }): void => {
    const last = Number(fields.last);
    const before = previous.get(symbol);
    previous.set(symbol, last);
    const change = Number(fields.changePct);
    for (const item of items.get(symbol) ?? []) {
      if (before !== undefined && last !== before) item.dataset.dir = last > before ? 'up' : 'down';
      for (const field of ['last', 'bid', 'ask'] as const) {
        const cell = item.querySelector(`[data-field="${field}"]`);
        if (cell && fields[field] !== undefined) cell.textContent = fields[field] ?? '';
      }
      const cell = item.querySelector<HTMLElement>('[data-field="changePct"]');
      if (cell && Number.isFinite(change)) {
        cell.textContent = `${change >= 0 ? '+' : ''}${change.toFixed(2)}%`;
        cell.dataset.sign = change >= 0 ? 'up' : 'down';
      }
    }
  };
  const parse = (event: MessageEvent<string>): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(event.data);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };

  const connect = (): void => {
    // A fresh EventSource forgets the last id: hand it over in the query string.
    const url = new URL(config.streamUrl, location.href);
    if (lastEventId) url.searchParams.set('lastEventId', lastEventId);
    const source = new EventSource(url);
    source.onopen = () => {
      failures = 0;
      setStatus('live');
    };
    source.onerror = () => {
      setStatus('reconnecting');
      if (source.readyState !== EventSource.CLOSED) return; // the browser retries by itself
      // It gave up (e.g. a proxy answered 502 while the app restarts): retry with capped, fully jittered backoff.
      failures += 1;
      setTimeout(connect, delayMs(failures, { baseMs: 1000, maxMs: 30_000 }));
    };
    source.addEventListener('index', (event) => {
      lastEventId = event.lastEventId;
      const tick = parse(event);
      if (tick) show(root.dataset.index ?? '', { last: text(tick.value), changePct: text(tick.changePct) });
    });
    source.addEventListener('quote', (event) => {
      const quote = parse(event);
      const symbol = text(quote?.symbol);
      if (quote && symbol) show(symbol, { last: text(quote.last), changePct: text(quote.changePct), bid: text(quote.bid), ask: text(quote.ask) });
    });
  };

  const track = root.querySelector<HTMLElement>('[data-track]');
  if (track && config.layout === 'scroll' && config.speed > 0) {
    // The track holds the items twice and scrolls by half its width per loop: seconds = half width / speed.
    const pace = (): void => track.style.setProperty('--loop-seconds', `${Math.max(1, track.scrollWidth / 2 / config.speed)}s`);
    pace();
    new ResizeObserver(pace).observe(track);
  }
  setStatus('connecting');
  connect();
}
