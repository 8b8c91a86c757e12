// A ForwardedChannel over a fake broker subscription: `push` plays a broker message (with its stream
// id), every payload is accepted, and the holders are a plain set the test fills.
import { ForwardedChannel, type ForwardSource, type FrameTarget } from '../../server/gateway/ingest/forwarded-channel.ts';

export function fakeForwardedChannel(source: Partial<ForwardSource> = {}): { channel: ForwardedChannel; holders: Set<FrameTarget>; push: (payload: string, id?: string) => void } {
  let onMessage: (payload: string, id?: string) => void = () => undefined;
  const holders = new Set<FrameTarget>();
  const channel = new ForwardedChannel(
    {
      subscribe: async (listener) => {
        onMessage = listener;
        return async () => undefined;
      },
      accepts: () => true,
      onRefused: () => undefined,
      ...source,
    },
    holders,
  );
  return { channel, holders, push: (payload, id) => onMessage(payload, id) };
}
