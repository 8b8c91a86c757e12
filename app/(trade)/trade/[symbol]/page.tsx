// `/trade/[symbol]`: the trader view on one instrument; unknown symbols are a 404, lower case redirects.
import { notFound, redirect } from 'next/navigation';
import { TraderView } from '@/components/trader/trader-view.tsx';
import { isKnownSymbol } from '@/lib/market/instruments.ts';

export default async function TradePage({ params }: { params: Promise<{ symbol: string }> }) {
  const symbol = decodeURIComponent((await params).symbol);
  if (isKnownSymbol(symbol)) return <TraderView symbol={symbol} />;
  if (isKnownSymbol(symbol.toUpperCase())) redirect(`/trade/${symbol.toUpperCase()}`);
  notFound();
}
