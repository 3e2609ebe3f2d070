/**
 * The notify-customer function: its domain decision and its handler, with the `Customer Notification` fixture
 * (test/fixtures/events/customer-notification.json).
 */
import { loadNotifyCustomerConfig } from '../../../handlers/src/notify-customer/config';
import { decide } from '../../../handlers/src/notify-customer/domain';
import { makeHandler } from '../../../handlers/src/notify-customer/handler';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { parseDetail } from '../../../handlers/src/events/envelope';
import { createLogger } from '../../../handlers/src/shared/logger';
import { fixture } from '../../support/events';

const event = () => fixture<Record<string, unknown> & { detail: Record<string, unknown> }>('customer-notification');

function setup() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ function: 'notify-customer', sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { handler: makeHandler({ config: loadNotifyCustomerConfig({}), logger }), lines };
}

describe('notify-customer domain', () => {
  it('summarizes the detail of the fixture', () => {
    expect(decide(parseDetail('customerNotification', event()))).toEqual({
      detailType: 'Customer Notification',
      summary: 'notification=sample-notification ip-address=sample-ip-address location=sample-location',
    });
  });
});

describe('notify-customer handler', () => {
  it('handles the fixture and logs the outcome with the event id', async () => {
    const { handler, lines } = setup();
    const outcome = await handler(event(), { awsRequestId: 'req-1' });
    expect(outcome.detailType).toBe('Customer Notification');
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', message: 'Customer Notification handled', eventId: event().id, awsRequestId: 'req-1' }));
  });

  it('rejects an event of another detail-type or with an unknown detail field (contract violation: the event goes to the DLQ)', async () => {
    const { handler, lines } = setup();
    await expect(handler({ ...event(), 'detail-type': 'something.else' })).rejects.toBeInstanceOf(ContractViolation);
    await expect(handler({ ...event(), detail: { ...event().detail, unexpected: true } })).rejects.toBeInstanceOf(ContractViolation);
    expect(lines.filter((l) => l.message === 'event rejected: contract violation')).toHaveLength(2);
  });

  it('rejects an event missing a field', async () => {
    const { handler } = setup();
    const { notification: _removed, ...rest } = event().detail;
    await expect(handler({ ...event(), detail: rest })).rejects.toThrow(/notification/);
  });

  it('config: LOG_LEVEL defaults to info and is checked', () => {
    expect(loadNotifyCustomerConfig({})).toEqual({ logLevel: 'info' });
    expect(() => loadNotifyCustomerConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL must be one of debug, info, warn, error');
  });
});
