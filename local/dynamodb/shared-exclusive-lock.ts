/**
 * A FIFO shared/exclusive lock for the local DynamoDB endpoint. Item operations hold it shared and run
 * concurrently, as DynamoDB serves them (dynalite locks each item it writes, so single-item conditions stay
 * atomic); emulated transactions, table changes and the TTL sweep hold it exclusively, so nothing interleaves
 * with their reads and writes. Waiters are served in arrival order: a waiting exclusive holder is not starved by
 * shared holders that arrive after it.
 */
export class SharedExclusiveLock {
  private sharedHolders = 0;
  private exclusiveHeld = false;
  private readonly waiting: Array<{ readonly exclusive: boolean; readonly grant: () => void }> = [];

  /** Runs `fn` alongside other shared holders, never during an exclusive one. */
  shared<T>(fn: () => Promise<T>): Promise<T> {
    return this.run(false, fn);
  }

  /** Runs `fn` alone. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.run(true, fn);
  }

  /** Holders running now (for tests and diagnostics). */
  get holders(): { readonly shared: number; readonly exclusive: boolean; readonly waiting: number } {
    return { shared: this.sharedHolders, exclusive: this.exclusiveHeld, waiting: this.waiting.length };
  }

  private async run<T>(exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    await this.acquire(exclusive);
    try {
      return await fn();
    } finally {
      if (exclusive) this.exclusiveHeld = false;
      else this.sharedHolders -= 1;
      this.grantWaiting();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    if (this.waiting.length === 0 && this.free(exclusive)) {
      this.take(exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ exclusive, grant: resolve }));
  }

  private free(exclusive: boolean): boolean {
    return !this.exclusiveHeld && (!exclusive || this.sharedHolders === 0);
  }

  private take(exclusive: boolean): void {
    if (exclusive) this.exclusiveHeld = true;
    else this.sharedHolders += 1;
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.free((this.waiting[0] as { exclusive: boolean }).exclusive)) {
      const next = this.waiting.shift() as { exclusive: boolean; grant: () => void };
      this.take(next.exclusive);
      next.grant();
    }
  }
}
