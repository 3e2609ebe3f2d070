/**
 * notify-customer's pure parts: the contract of `Customer Notification` (detail and resources), one template per
 * notification type (text and HTML, values escaped), and the config. The handler against the local SES is in
 * notify-customer.ses.test.ts.
 */
import { customerNotificationDetail, NOTIFICATION_TYPES, type CustomerNotification } from '../../../handlers/src/events/contracts/customer-notification';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { parseEvent } from '../../../handlers/src/events/envelope';
import { loadNotifyCustomerConfig } from '../../../handlers/src/notify-customer/config';
import { renderNotification, sentRecordExpiry } from '../../../handlers/src/notify-customer/domain';
import { escapeHtml, TEMPLATES } from '../../../handlers/src/notify-customer/templates';
import { fixture } from '../../support/events';

/** The seed's event (test/fixtures/events/customer-notification.json). */
const seed = () => fixture<Record<string, unknown> & { detail: Record<string, unknown>; resources: unknown }>('customer-notification');
const detail = (patch: Partial<CustomerNotification> = {}): CustomerNotification => ({ ...customerNotificationDetail.parse(seed().detail), ...patch });

describe('the Customer Notification contract', () => {
  it("accepts the seed's event: the recipient is the one address in resources", () => {
    const parsed = parseEvent('customerNotification', seed());
    expect(parsed.detail).toEqual({ notification: 'unrecognized-login', 'ip-address': '1.2.3.4', location: 'Denver, Colorado, USA' });
    expect(parsed.resources).toEqual(['user@example.com']);
  });

  it.each([
    ['an unknown notification type', { detail: { ...seed().detail, notification: 'account-deleted' } }, /detail\.notification: must be one of "unrecognized-login", "password-reset-requested"/],
    ['no recipient', { resources: [] }, /resources: must have at least 1 item/],
    ['a missing resources field', { resources: undefined }, /resources: must have at least 1 item/],
    ['two recipients', { resources: ['user@example.com', 'other@example.com'] }, /resources: must have at most 1 item/],
    ['a recipient that is not an address', { resources: ['arn:aws:iam::123456789012:user/ash'] }, /resources\[0\]: must be a valid email/],
    ['an IP address that is none', { detail: { ...seed().detail, 'ip-address': '1.2.3' } }, /detail\.ip-address/],
    ['an IPv6 address is fine, an unknown field is not', { detail: { ...seed().detail, 'ip-address': '2001:db8::1', browser: 'x' } }, /unknown field "browser"/],
  ])('refuses %s as a contract violation', (_what, patch, message) => {
    expect(() => parseEvent('customerNotification', { ...seed(), ...patch })).toThrow(ContractViolation);
    expect(() => parseEvent('customerNotification', { ...seed(), ...patch })).toThrow(message);
  });
});

describe('notification templates', () => {
  it('has exactly one template per notification type of the contract', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual([...NOTIFICATION_TYPES].sort());
  });

  it.each(NOTIFICATION_TYPES.map((t) => [t]))('%s: renders subject, text and HTML with the address and place of the request', (notification) => {
    const email = renderNotification(detail({ notification }), 'user@example.com');
    expect(email.to).toBe('user@example.com');
    expect(email.subject).toMatch(/Fakémon GO account$/);
    for (const body of [email.text, email.html]) {
      expect(body).toContain('1.2.3.4');
      expect(body).toContain('Denver, Colorado, USA');
    }
    expect(email.html).toMatch(/^<!DOCTYPE html>/);
    expect(email.text).not.toMatch(/<[a-z]/);
  });

  it('tells the types apart', () => {
    const login = renderNotification(detail({ notification: 'unrecognized-login' }), 'u@example.com');
    const reset = renderNotification(detail({ notification: 'password-reset-requested' }), 'u@example.com');
    expect(login.subject).toBe('New sign-in to your Fakémon GO account');
    expect(reset.subject).toBe('Password reset requested for your Fakémon GO account');
    expect(login.text).toContain('device we do not recognize');
    expect(reset.text).toContain('reset the password');
  });

  it('escapes the detail in the HTML part (it comes from another system), not in the text part', () => {
    const email = renderNotification(detail({ location: '<script>alert("x")</script> & Co' }), 'user@example.com');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(email.html).not.toContain('<script>');
    expect(email.text).toContain('<script>alert("x")</script> & Co');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});

describe('notify-customer config and records', () => {
  it('reads the sender identity and the table, with the TTL of sent records', () => {
    expect(loadNotifyCustomerConfig({ SENDER_ADDRESS: 'notifications@fakemon.example', NOTIFICATIONS_TABLE: 't' })).toEqual({
      senderAddress: 'notifications@fakemon.example',
      notificationsTable: 't',
      sentRecordTtlSeconds: 604_800,
    });
    expect(() => loadNotifyCustomerConfig({ SENDER_ADDRESS: 'not an address', SENT_RECORD_TTL_SECONDS: '60' })).toThrow(
      'Invalid configuration for notify-customer: SENDER_ADDRESS must be an e-mail address (got "not an address"); NOTIFICATIONS_TABLE is required; SENT_RECORD_TTL_SECONDS must be an integer >= 3600 (got "60")',
    );
  });

  it('keeps a sent record for its TTL', () => {
    expect(sentRecordExpiry(new Date('2024-05-14T10:00:00Z'), 3600)).toEqual(new Date('2024-05-14T11:00:00Z'));
  });
});
