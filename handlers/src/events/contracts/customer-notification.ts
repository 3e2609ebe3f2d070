import * as z from 'zod/mini';
import { entry } from '../catalog-entry';

/** The notifications a customer can get; each has exactly one template (handlers/src/notify-customer/templates/). */
export const NOTIFICATION_TYPES = ['unrecognized-login', 'password-reset-requested'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * The detail of `Customer Notification` (from the monolith, `com.example.monolith`): which notification, and where the
 * request that caused it came from. An unknown notification type is a contract violation (nothing is sent).
 */
export const customerNotificationDetail = z.strictObject({
  notification: z.enum(NOTIFICATION_TYPES),
  'ip-address': z.union([z.ipv4(), z.ipv6()]),
  location: z.string().check(z.minLength(1), z.maxLength(256)),
});

export type CustomerNotification = z.infer<typeof customerNotificationDetail>;

/** The recipient: exactly one e-mail address, the envelope's `resources` (as the monolith puts it, after the seed). */
export const customerNotificationResources = z.array(z.email()).check(z.length(1));

/** The catalog entry of `Customer Notification`. */
export const customerNotification = entry({
  name: 'customerNotification',
  source: 'com.example.monolith',
  detailType: 'Customer Notification',
  detail: customerNotificationDetail,
  resources: customerNotificationResources,
  description: 'The monolith asks to notify a customer (resources: their e-mail address); the notify-customer function sends the e-mail.',
});
