/**
 * Pushing one message to many connections through the Management API: bounded concurrency, every post attempted,
 * a 410 (the connection is gone) handed to the caller to forget it, any other failure collected.
 */
import type { ConnectionPoster } from '../adapters/management-api';
import { settleWithConcurrency } from './concurrency';

export interface DeliveryReport {
  readonly sent: number;
  /** Connections that answered 410 Gone. */
  readonly gone: number;
  readonly failed: number;
}

/** Some posts failed for another reason than Gone; thrown after every post was attempted. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly report: DeliveryReport,
    readonly failures: readonly { connectionId: string; error: unknown }[],
  ) {
    super(`${report.failed} of ${report.sent + report.gone + report.failed} WebSocket posts failed`);
  }
}

/** Tallies posts across several {@link Pusher.push} calls; `report()` throws a {@link DeliveryError} if any failed. */
export class Pusher {
  private sent = 0;
  private gone = 0;
  private readonly failures: { connectionId: string; error: unknown }[] = [];

  constructor(
    private readonly poster: ConnectionPoster,
    private readonly concurrency: number,
    /** Called for each connection that answered 410; its own failure is the caller's to handle. */
    private readonly onGone: (connectionId: string) => Promise<void>,
    private readonly onFailure: (connectionId: string, error: unknown) => void = () => undefined,
  ) {}

  async push(connectionIds: readonly string[], data: Uint8Array): Promise<void> {
    const results = await settleWithConcurrency(connectionIds, this.concurrency, (id) => this.poster.post(id, data));
    await Promise.all(
      results.map(async (result, i) => {
        const connectionId = connectionIds[i] as string;
        if (result.status === 'rejected') {
          this.failures.push({ connectionId, error: result.reason });
          this.onFailure(connectionId, result.reason);
        } else if (result.value === 'gone') {
          this.gone++;
          await this.onGone(connectionId);
        } else {
          this.sent++;
        }
      }),
    );
  }

  /** What was delivered so far; throws when a post failed for another reason than Gone. */
  report(): DeliveryReport {
    const report = { sent: this.sent, gone: this.gone, failed: this.failures.length };
    if (this.failures.length > 0) throw new DeliveryError(report, this.failures);
    return report;
  }
}
