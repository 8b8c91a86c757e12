// `/lab`: the transport lab — the index over six transports side by side, and a book over the three socket codecs.
import type { Metadata } from 'next';
import { LabView } from '@/components/lab/lab-view.tsx';
import { getRuntime } from '@/lib/runtime.ts';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Tickwire — transport lab' };

export default function LabPage() {
  return <LabView gatewayUrl={getRuntime().config.publicGatewayUrl} />;
}
