// Child process: Tickwire's gateway on its own HTTP server, fed through the broker under test as a
// distributed gateway node is (BROKER=redis or BROKER=nats).
import { listenGateway } from '../fanout/gateway-http.ts';
import { serve } from '../fanout/ipc.ts';
import type { ServerApi, ServerInfo } from '../fanout/server-probe.ts';
import { appEnvironment, openBroker, targetFromArguments } from './broker-target.ts';

const target = targetFromArguments(process.argv.slice(2));
const broker = await openBroker(target);
const { port, probe } = await listenGateway(broker, { ...appEnvironment(target), NODE_ID: process.argv[5] ?? 'bench-gateway' });
serve<ServerApi>(probe, { port } satisfies ServerInfo);
