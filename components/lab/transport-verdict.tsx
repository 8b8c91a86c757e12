// "When to choose which", drawn from the numbers this page just measured rather than stated in the abstract.
import { medianLatencyMs, type TransportStats } from '@/lib/client/lab/transport-stats.ts';
import styles from './lab.module.css';

function perUpdate(stats: TransportStats | undefined): string {
  return stats && stats.updates > 0 ? `${Math.round(stats.bytes / stats.updates)} B` : '…';
}

function latency(stats: TransportStats | undefined): string {
  const median = stats && medianLatencyMs(stats);
  return median === undefined ? '…' : `${Math.round(median)} ms`;
}

export function TransportVerdict({ stats }: { stats: readonly TransportStats[] }) {
  const by = (name: TransportStats['name']): TransportStats | undefined => stats.find((s) => s.name === name);
  const poll = by('poll');
  const requestsPerUpdate = poll && poll.updates > 0 ? (poll.requests / poll.updates).toFixed(1) : '…';
  return (
    <section className={styles.panel} aria-label="When to choose which">
      <h2 className={styles.panelTitle}>When to choose which — from what this page measures</h2>
      <ul className={styles.verdict}>
        <li>
          <b>Short polling</b> pays a whole HTTP exchange per question ({perUpdate(poll)} per update here, {requestsPerUpdate} requests per update) and
          is late by up to its interval ({latency(poll)} median). Use it only when updates are rare and staleness is cheap.
        </li>
        <li>
          <b>Long polling</b> answers as soon as there is news ({latency(by('longpoll'))}), but still costs a request per update ({perUpdate(by('longpoll'))}).
          The fallback when nothing streaming gets through.
        </li>
        <li>
          <b>SSE</b> is one long HTTP response: {perUpdate(by('sse'))} per update, {latency(by('sse'))}, reconnect and resume (<code>Last-Event-ID</code>)
          built into the browser. The choice for <b>server → client</b> data: tickers, feeds, notifications.
        </li>
        <li>
          <b>WebSocket</b> costs one handshake, then 2–4 bytes of framing ({perUpdate(by('ws'))} per update, {latency(by('ws'))}). The choice when data
          flows <b>both ways</b> often — order books with orders on the same socket — at the price of writing reconnect and resume yourself.
        </li>
        <li>
          <b>STOMP</b> rides the same socket and adds text frames with headers ({perUpdate(by('stomp'))} per update against {perUpdate(by('ws'))} for bare JSON,{' '}
          {latency(by('stomp'))}): destinations, receipts and a client in every language, for the price of a few dozen header bytes per message. Choose it
          when clients already speak it (Spring, RabbitMQ, ActiveMQ) or want broker-style destinations.
        </li>
        <li>
          <b>Socket.IO</b> starts on long polling and upgrades to a WebSocket ({perUpdate(by('socketio'))} per update, {latency(by('socketio'))}): events with
          acknowledgements and a fallback when WebSockets are blocked, but it needs its own client and server, and sticky sessions while it polls.
        </li>
      </ul>
      <p className="muted">Latency is now − the tick&apos;s publish time (<code>ts</code>, stamped by the feed): both clocks are this machine&apos;s in the demo.</p>
    </section>
  );
}
