// The servers of one nodes-benchmark phase: one embedded process (feed and gateway together, memory
// broker), or N distributed gateway nodes fed through Redis by the run's publisher process.
import { Child } from '../fanout/ipc.ts';
import type { EmbeddedApi } from '../fanout/embedded-server.ts';
import type { PublisherApi } from '../fanout/publisher.ts';
import type { ServerApi, ServerInfo } from '../fanout/server-probe.ts';

/** `embedded`: feed → memory broker → gateway in one process; `redis`: feed → Redis → gateway node(s). */
export type BrokerMode = 'embedded' | 'redis';

/** Sets and reads the feed of a phase, wherever it runs. */
export interface FeedControl {
  setRate(perSecond: number): Promise<void>;
  published(): Promise<number>;
  /** The feed's own process when it is not a measured server (its CPU is reported apart). */
  pid: number | undefined;
}

/** The running servers of a phase. */
export interface Deployment {
  nodes: Child<ServerApi>[];
  ports: number[];
  feed: FeedControl;
  stop(): Promise<void>;
}

/** Starts the phase's servers and waits until each one listens. */
export async function startDeployment(mode: BrokerMode, nodeCount: number, publisher: Child<PublisherApi>, prefix: string): Promise<Deployment> {
  if (mode === 'embedded') {
    const embedded = Child.start<EmbeddedApi>('embedded', './embedded-server.ts', [prefix]);
    const stop = (): Promise<void> => embedded.stop();
    const { port } = await embedded.ready<ServerInfo>().catch(async (error: unknown) => Promise.reject(await stop().then(() => error)));
    return { nodes: [embedded], ports: [port], feed: feedOf(embedded, undefined), stop };
  }
  const nodes = Array.from({ length: nodeCount }, (_, i) => Child.start<ServerApi>(`gateway-${i + 1}`, './gateway-server.ts', [prefix, `bench-gateway-${i + 1}`]));
  const stop = async (): Promise<void> => void (await Promise.all(nodes.map((node) => node.stop())));
  const infos = await Promise.all(nodes.map((node) => node.ready<ServerInfo>())).catch(async (error: unknown) => Promise.reject(await stop().then(() => error)));
  return { nodes, ports: infos.map((info) => info.port), feed: feedOf(publisher, publisher.pid), stop };
}

function feedOf(child: Child<PublisherApi> | Child<EmbeddedApi>, pid: number | undefined): FeedControl {
  const feed = child as Child<PublisherApi>;
  return {
    setRate: async (perSecond) => void (await feed.request('rate', { perSecond })),
    published: async () => (await feed.request('count', null)).published,
    pid,
  };
}
