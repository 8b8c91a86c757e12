// Child process: a subscriber of its own on the broker under test, counting what arrives on the channels
// it is told to follow, so a publisher's figure is what was delivered, not just what left its socket.
import { serve } from '../fanout/ipc.ts';
import { openBroker, targetFromArguments } from './broker-target.ts';

/** The counter's commands. */
export interface CounterApi {
  /** Resolves once every channel's subscription is live. */
  subscribe: { args: { channels: string[] }; result: null };
  /** Messages received so far, and the book deltas in them (a message may carry several). */
  count: { args: null; result: { messages: number; deltas: number } };
}

const DELTA_MARKER = '"type":"book.delta"';
const broker = await openBroker(targetFromArguments(process.argv.slice(2)));
let messages = 0;
let deltas = 0;

serve<CounterApi>(
  {
    subscribe: async ({ channels }) => {
      for (const channel of channels) {
        await broker.subscribe(channel, (payload) => {
          messages++;
          for (let at = payload.indexOf(DELTA_MARKER); at >= 0; at = payload.indexOf(DELTA_MARKER, at + 1)) deltas++;
        });
      }
      return null;
    },
    count: () => ({ messages, deltas }),
  },
  { port: 0 },
);
