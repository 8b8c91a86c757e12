// Reference-counted broker channels: one per key (a symbol, a channel name, a user), opened on its
// first holder, closed after its last, its holders kept where the channel fans out to them.

/** What a shared subscription opens per key: a broker subscription and whatever serves it. */
export interface SharedChannel {
  /** Releases the broker subscription; the channel is unusable afterwards. */
  close(): Promise<void>;
}

interface Entry<H, C> {
  channel: C;
  holders: Set<H>;
}

/** Channels by key, each held while it has a holder. */
export class SharedSubscription<K, H, C extends SharedChannel> {
  private readonly entries = new Map<K, Entry<H, C>>();

  /** Adds a holder of `key`; the first one opens the channel with `open`, given the set of its holders. */
  acquire(key: K, holder: H, open: (holders: ReadonlySet<H>) => C): C {
    let entry = this.entries.get(key);
    if (!entry) {
      const holders = new Set<H>();
      entry = { channel: open(holders), holders };
      this.entries.set(key, entry);
    }
    entry.holders.add(holder);
    return entry.channel;
  }

  /** Removes a holder; the last one out closes the channel and gets it back (else undefined). */
  release(key: K, holder: H): C | undefined {
    const entry = this.entries.get(key);
    if (!entry || !entry.holders.delete(holder) || entry.holders.size > 0) return undefined;
    this.entries.delete(key);
    void entry.channel.close();
    return entry.channel;
  }

  /** The open channel of `key`, if it has holders. */
  channelOf(key: K): C | undefined {
    return this.entries.get(key)?.channel;
  }

  /** Keys with at least one holder. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  /** Open channels. */
  *channels(): IterableIterator<C> {
    for (const entry of this.entries.values()) yield entry.channel;
  }

  /** Keys open now. */
  get size(): number {
    return this.entries.size;
  }

  /** Closes every channel. */
  async close(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => entry.channel.close()));
  }
}
