// The Redis channel prefix of the Socket.IO adapter in one run, shared by the relay and the server node.

/** Keeps this run's adapter traffic apart from anything else on the shared Redis. */
export function socketIoAdapterKey(prefix: string): string {
  return `${prefix}socket.io`;
}
