// Runs async tasks one at a time in submission order: the engine is the single writer, so queue
// entries and market-data fills must never interleave their transactions.

/** A FIFO of async tasks, each started when the previous one has settled. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Queues a task; the returned promise settles with it. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async drain(): Promise<void> {
    await this.tail;
  }
}
