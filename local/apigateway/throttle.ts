/**
 * Stage throttling as API Gateway applies it: a token bucket holding up to `burstLimit` requests, refilled at
 * `rateLimit` requests per second. An empty bucket answers 429 (gateway response THROTTLED).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rateLimit: number,
    private readonly burstLimit: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (!(rateLimit >= 0) || !(burstLimit >= 0)) throw new Error(`invalid throttling: rate ${rateLimit}, burst ${burstLimit}`);
    this.tokens = burstLimit;
    this.last = now();
  }

  /** Takes one token; false when the request must be throttled. */
  tryTake(): boolean {
    const now = this.now();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burstLimit, this.tokens + elapsed * this.rateLimit);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
