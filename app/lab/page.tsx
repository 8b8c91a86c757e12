// `/lab`: the transport lab — short polling, long polling, SSE and WebSocket measured side by side.
import type { Metadata } from 'next';
import { LabView } from '@/components/lab/lab-view.tsx';
import { getRuntime } from '@/lib/runtime.ts';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Tickwire — transport lab' };

export default function LabPage() {
  return <LabView gatewayUrl={getRuntime().config.publicGatewayUrl} />;
}
