import { catalogEvents } from '../../../../local/console/stack-view';
import { DetailValidator } from '../../../../local/console/shared/detail-validator';
import { sampleOf } from '../../../../local/console/shared/sample-detail';
import { catalog, toJsonSchemaDraft4 } from '../../../../handlers/src/events';

describe('the contracts of "send an event"', () => {
  const validator = new DetailValidator();
  const events = catalogEvents();

  it('are the catalog: every event with the JSON Schema the API models and the schema registry use', () => {
    expect(events.map((e) => e.detailType)).toEqual(Object.values(catalog).map((e) => e.detailType));
    for (const event of events) {
      const entry = Object.values(catalog).find((e) => e.detailType === event.detailType);
      expect(event.source).toBe(entry?.source);
      expect(event.detailSchema).toEqual(toJsonSchemaDraft4(entry!.detail));
    }
  });

  it.each(catalogEvents().map((e) => [e.detailType, e] as const))('%s: the form starts from a detail the contract accepts, and the zod parser agrees', (_, event) => {
    const sample = sampleOf(event.detailSchema, 'value', () => new Date('2030-01-02T03:04:05.678Z'));
    expect(validator.validate(event.detailSchema, sample)).toEqual([]);
    const entry = Object.values(catalog).find((e) => e.detailType === event.detailType);
    expect(entry!.detail.safeParse(sample).success).toBe(true);
  });

  it('reports every problem of a detail in words', () => {
    const cartItemAdded = events.find((e) => e.detailType === 'cart.item_added')!;
    expect(validator.validate(cartItemAdded.detailSchema, { cartId: 'no spaces allowed', user: '', quantity: 0, colour: 'red' })).toEqual([
      "detail must have required property 'product'",
      'detail must NOT have additional properties (colour)',
      'detail.cartId must match pattern "^[A-Za-z0-9-]{1,64}$"',
      'detail.user must match pattern "^[a-z][a-z0-9_]{2,23}$"',
      'detail.quantity must be >= 1',
    ]);
  });

  it('checks IP addresses as the contract does (IPv4 or IPv6), in the page and the server alike', () => {
    const notification = events.find((e) => e.detailType === 'Customer Notification')!;
    const detail = (ip: string) => ({ notification: 'unrecognized-login', 'ip-address': ip, location: 'Denver, Colorado, USA' });
    for (const ip of ['1.2.3.4', '255.255.255.255', '2001:db8::1', '::1']) {
      expect(validator.validate(notification.detailSchema, detail(ip))).toEqual([]);
      expect(catalog.customerNotification.detail.safeParse(detail(ip)).success).toBe(true);
    }
    for (const ip of ['1.2.3.256', '1.2.3', 'localhost', '2001:db8::g']) {
      expect(validator.validate(notification.detailSchema, detail(ip))).not.toEqual([]);
      expect(catalog.customerNotification.detail.safeParse(detail(ip)).success).toBe(false);
    }
  });
});
