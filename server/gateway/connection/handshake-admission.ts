// Whether a handshake from a client address may take a socket on this node, checked in order: the
// address's handshake rate (429), the node's socket ceiling (503) and the address's own socket
// ceiling (429). Addresses count by their limit key (an IPv6 client by its /64); an admitted handshake
// holds a slot until `release` is called with the same address.
import { limitKeyOf } from '../../../lib/net/client-address.ts';
import { HANDSHAKE_STATUS, NODE_FULL_RETRY_AFTER_SECONDS, type HandshakeStatus } from '../../../lib/protocol/codes.ts';
import { HandshakeRateLimiter } from './handshake-rate.ts';
import { IpConnectionLimiter } from './ip-connection-limiter.ts';

/** Why a handshake was turned away (the refusal metric's `reason`). */
export type AdmissionRefusalReason = 'handshake-rate' | 'node-full' | 'address-full';
export const ADMISSION_REFUSAL_REASONS: readonly AdmissionRefusalReason[] = ['handshake-rate', 'node-full', 'address-full'];

/** The answer a handshake is refused with. */
export interface AdmissionRefusal {
  status: HandshakeStatus;
  reason: AdmissionRefusalReason;
  /** Seconds to send as `Retry-After` (none for a per-address ceiling: it frees when the client closes a socket). */
  retryAfterSeconds: number | undefined;
}

export interface AdmissionLimits {
  /** Sockets this node holds at most (MAX_SOCKETS). */
  maxSockets: number;
  /** Sockets one limit key holds at most. */
  maxPerAddress: number;
  /** Handshakes per second and burst per limit key (HANDSHAKE_RATE, HANDSHAKE_BURST). */
  handshakeRatePerSecond: number;
  handshakeBurst: number;
}

/** The gateway's socket slots. */
export class HandshakeAdmission {
  private readonly rate: HandshakeRateLimiter;
  private readonly perAddress: IpConnectionLimiter;

  constructor(private readonly limits: AdmissionLimits) {
    this.rate = new HandshakeRateLimiter(limits.handshakeRatePerSecond, limits.handshakeBurst);
    this.perAddress = new IpConnectionLimiter(limits.maxPerAddress);
  }

  /** Checks a handshake from `address`: undefined when admitted (it then holds a slot until `release`), else the refusal. */
  admit(address: string, nowMs = Date.now()): AdmissionRefusal | undefined {
    const key = limitKeyOf(address);
    const wait = this.rate.take(key, nowMs);
    if (wait !== undefined) return { status: HANDSHAKE_STATUS.TOO_MANY_HANDSHAKES, reason: 'handshake-rate', retryAfterSeconds: wait };
    if (this.perAddress.total >= this.limits.maxSockets) return { status: HANDSHAKE_STATUS.NODE_FULL, reason: 'node-full', retryAfterSeconds: NODE_FULL_RETRY_AFTER_SECONDS };
    if (!this.perAddress.tryAcquire(key)) return { status: HANDSHAKE_STATUS.TOO_MANY_CONNECTIONS, reason: 'address-full', retryAfterSeconds: undefined };
    return undefined;
  }

  /** Gives back the slot of an admitted handshake from `address` (its socket closed, or the upgrade failed). */
  release(address: string): void {
    this.perAddress.release(limitKeyOf(address));
  }

  /** Sockets held by `address`'s limit key. */
  countOf(address: string): number {
    return this.perAddress.countOf(limitKeyOf(address));
  }

  /** Sockets held on this node. */
  get total(): number {
    return this.perAddress.total;
  }
}
