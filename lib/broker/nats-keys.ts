// Keys, leases and hashes on one JetStream KV bucket (history 1, no max age).
// Server 2.9 has no per-key TTL (per-message TTL came with 2.11) and a bucket's max_age is bucket-wide,
// so a value carries its own: `<ttlMs>\n<value>`, 0 for none. It expires at the server's timestamp of the
// write plus that TTL, compared with the reader's clock: the writer's clock never matters, but a reader
// whose clock runs ahead of the server's by d sees keys (and leases) expire d early (Redis uses its own
// clock alone). Expired values are not removed, only ignored and overwritten; there are few such keys.
// A hash is one key holding a JSON object, each field written by compare-and-set so none is lost.
import { StorageType, type KV, type KvEntry } from 'nats';
import type { NatsLink } from './nats-connection.ts';
import { compareAndSet } from './nats-kv-cas.ts';
import type { NatsNames } from './nats-names.ts';

/** A key's value while it lives. */
function liveValue(entry: KvEntry | null, nowMs = Date.now()): string | null {
  if (entry === null || entry.operation !== 'PUT') return null;
  const text = entry.string();
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  const ttlMs = Number(text.slice(0, newline));
  if (ttlMs > 0 && nowMs >= entry.created.getTime() + ttlMs) return null;
  return text.slice(newline + 1);
}

function encodeValue(value: string, ttlMs: number | undefined): string {
  return `${ttlMs === undefined ? 0 : Math.max(1, Math.ceil(ttlMs))}\n${value}`;
}

function parseFields(entry: KvEntry | null): Record<string, string> {
  if (entry === null || entry.operation !== 'PUT') return {};
  const parsed: unknown = JSON.parse(entry.string());
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  return Object.fromEntries(Object.entries(parsed).filter((field): field is [string, string] => typeof field[1] === 'string'));
}

/** The keys, leases and hashes of one NATS broker. */
export class NatsKeys {
  private bucket: Promise<KV> | undefined;

  constructor(
    private readonly link: NatsLink,
    private readonly names: NatsNames,
  ) {}

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await (await this.kv()).put(this.names.key(key), encodeValue(value, ttlMs));
  }

  async get(key: string): Promise<string | null> {
    return liveValue(await (await this.kv()).get(this.names.key(key)));
  }

  async deleteKey(key: string): Promise<void> {
    await (await this.kv()).delete(this.names.key(key));
  }

  /** Takes or extends the lease: the write names the revision read, so of two racing holders one is refused. */
  async holdLease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    return compareAndSet(await this.kv(), this.names.key(key), (current) => {
      const held = liveValue(current);
      if (held !== null && held !== holder) return { result: false };
      return { write: encodeValue(holder, ttlMs), result: true };
    });
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    await compareAndSet(await this.kv(), this.names.key(key), (current) => (liveValue(current) === holder ? { remove: true, result: undefined } : { result: undefined }));
  }

  async setField(key: string, field: string, value: string): Promise<void> {
    await compareAndSet(await this.kv(), this.names.hash(key), (current) => ({ write: JSON.stringify({ ...parseFields(current), [field]: value }), result: undefined }));
  }

  async deleteField(key: string, field: string): Promise<void> {
    await compareAndSet(await this.kv(), this.names.hash(key), (current) => {
      const fields = parseFields(current);
      if (!Object.hasOwn(fields, field)) return { result: undefined };
      delete fields[field];
      return Object.keys(fields).length === 0 ? { remove: true, result: undefined } : { write: JSON.stringify(fields), result: undefined };
    });
  }

  async readFields(key: string): Promise<Record<string, string>> {
    return parseFields(await (await this.kv()).get(this.names.hash(key)));
  }

  /** The bucket, created on first use (views.kv binds to it when it exists). */
  private kv(): Promise<KV> {
    this.bucket ??= this.link.connection().then(({ js }) => js.views.kv(this.names.keyBucket, { history: 1, storage: StorageType.File }));
    const bucket = this.bucket;
    bucket.catch(() => this.bucket === bucket && (this.bucket = undefined));
    return bucket;
  }
}
