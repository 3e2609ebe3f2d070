/** The publisher's pure parts: PutEvents entry sizes and batches, which entry errors are retried, and the backoff. */
import { entrySize, EntryTooLargeError, MAX_REQUEST_BYTES, toBatches } from '../../../handlers/src/publish/limits';
import { backoffDelay, isRetryableEntryError } from '../../../handlers/src/publish/retry';

const entry = (detailBytes: number, extra: { Time?: Date; Resources?: string[] } = {}) => ({ Source: 'cart.api', DetailType: 'cart.checked_out', Detail: 'x'.repeat(detailBytes), ...extra });

describe('PutEvents entry size (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html)', () => {
  it.each([
    ['source, detail-type and detail in UTF-8 bytes', { Source: 'é', DetailType: 'ab', Detail: '{"a":"ü"}' }, 2 + 2 + 10],
    ['14 bytes for Time', { ...entry(0), Time: new Date(0) }, 8 + 16 + 14],
    ['each resource', { ...entry(0), Resources: ['cart/1', 'cart/22'] }, 8 + 16 + 6 + 7],
  ])('counts %s', (_what, value, size) => {
    expect(entrySize(value)).toBe(size);
  });
});

describe('batches', () => {
  it('cuts at 10 entries', () => {
    expect(toBatches(Array.from({ length: 21 }, () => entry(10))).map((b) => b.length)).toEqual([10, 10, 1]);
  });

  it('cuts before a request would pass 256 KB, and a batch may be exactly 256 KB', () => {
    const overhead = entrySize(entry(0));
    const quarter = MAX_REQUEST_BYTES / 4 - overhead;
    expect(toBatches([entry(quarter), entry(quarter), entry(quarter), entry(quarter), entry(1)]).map((b) => b.length)).toEqual([4, 1]);
    expect(toBatches([entry(quarter + 1), entry(quarter), entry(quarter), entry(quarter)]).map((b) => b.length)).toEqual([3, 1]);
  });

  it('refuses an entry no request can hold, naming its position', () => {
    expect(() => toBatches([entry(1), entry(MAX_REQUEST_BYTES)])).toThrow(EntryTooLargeError);
    expect(() => toBatches([entry(1), entry(MAX_REQUEST_BYTES)])).toThrow(/event \[1\] \(cart.checked_out\)/);
  });
});

describe('retries (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html)', () => {
  it.each([
    ['InternalFailure', true],
    ['ThrottlingException', true],
    ['AccessDeniedException', false],
    ['MalformedDetail', false],
    ['NotAuthorizedForSourceException', false],
    ['ResourceNotFoundException', false],
    [undefined, false],
  ])('%s is retryable: %s', (code, retryable) => {
    expect(isRetryableEntryError(code)).toBe(retryable);
  });

  it('doubles the jitter window per retry up to the cap', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 10].map((retry) => backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 500 }, top))).toEqual([99, 199, 399, 499, 499]);
    expect(backoffDelay(3, {}, () => 0)).toBe(0);
  });
});
