/** A fair (FIFO) readers–writer lock for async code. */
export class RwLock {
  private readers = 0;
  private writer = false;
  private readonly queue: { write: boolean; grant: () => void }[] = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.release(false);
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.release(true);
    }
  }

  private canGrant(write: boolean): boolean {
    return !this.writer && (!write || this.readers === 0);
  }

  private acquire(write: boolean): Promise<void> {
    if (this.queue.length === 0 && this.canGrant(write)) {
      this.take(write);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push({ write, grant: resolve }));
  }

  private take(write: boolean): void {
    if (write) this.writer = true;
    else this.readers++;
  }

  private release(write: boolean): void {
    if (write) this.writer = false;
    else this.readers--;
    while (this.queue.length > 0 && this.canGrant((this.queue[0] as { write: boolean }).write)) {
      const next = this.queue.shift() as { write: boolean; grant: () => void };
      this.take(next.write);
      next.grant();
      if (next.write) break;
    }
  }
}
