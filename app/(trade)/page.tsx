// `/`: the trader view on the default instrument.
import { TraderView } from '@/components/trader/trader-view.tsx';
import { DEFAULT_SYMBOL } from '@/components/trader/default-symbol.ts';

export default function HomePage() {
  return <TraderView symbol={DEFAULT_SYMBOL} />;
}
