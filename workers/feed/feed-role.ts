// The feed as one of an active/standby pair (or more): every feed process stands by following the
// leader's books and candles, and the one holding the lease runs the feed under its fence token as
// the books' epoch, carrying on from where the previous leader stopped. A leader that steps down
// goes back to standing by.
import { INSTRUMENTS } from '../../lib/market/instruments.ts';
import { runAsCandidate } from '../../lib/leadership/candidate.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { FeedFollower } from './feed-follower.ts';
import { ensureCandleHistory, startFeed, type FeedOptions, type FeedWorker } from './feed-worker.ts';

/** Starts this process's candidate for the feed; `feedOptions` reach every term (tests: the source). */
export async function startFeedRole(runtime: Runtime, feedOptions: Pick<FeedOptions, 'source'> = {}): Promise<FeedWorker> {
  const { broker, logger } = runtime;
  await ensureCandleHistory(runtime);
  let follower: FeedFollower | undefined = await follow();
  const election = runAsCandidate(runtime, 'feed', async ({ fence, isLeading }) => {
    const carryover = follower?.carryover();
    await follower?.close();
    follower = undefined;
    const feed = await startFeed(runtime, { ...feedOptions, epoch: Number(fence.token), isLeading, carryover });
    return {
      stop: async () => {
        await feed.close();
        follower = await follow();
      },
    };
  });

  async function follow(): Promise<FeedFollower> {
    const next = new FeedFollower(broker, logger, INSTRUMENTS);
    await next.start();
    return next;
  }

  return {
    async close() {
      await election.close();
      await follower?.close();
      follower = undefined;
    },
  };
}
