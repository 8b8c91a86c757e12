// The order entry panel; keyed by symbol by its parent so a new instrument starts with a clean form.
import { useTranslations } from 'next-intl';
import { getInstrument } from '@/lib/market/instruments.ts';
import { Panel } from '@/components/trader/panel.tsx';
import { OrderEntry } from './order-entry.tsx';

export function OrderEntryPanel({ symbol }: { symbol: string }) {
  const t = useTranslations('ticket');
  const inst = getInstrument(symbol);
  if (!inst) return null;
  return (
    <Panel title={t('panelTitle')} testId="order-entry">
      <OrderEntry key={symbol} inst={inst} />
    </Panel>
  );
}
