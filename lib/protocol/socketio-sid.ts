// Socket.IO session ids name the gateway node that issued them, so a load balancer can send every
// long poll of a session to that node (deploy/nginx.conf's map). Built here for the gateway and read
// here for the balancer's config, so the two never drift.

/** A node's tag: its NODE_ID cut to what a URL query carries as it is. */
export function sidTagOf(nodeId: string): string {
  return nodeId.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** A session id of that node: `<tag>.<random>`. */
export function sessionIdOf(tag: string, random: string): string {
  return `${tag}.${random}`;
}
