import * as z from 'zod/mini';
import { entry } from '../catalog-entry';

/** The detail of `Customer Notification` (from `com.example.monolith`): one schema for types, parsers, the publisher and the schema registry. */
export const customerNotificationDetail = z.strictObject({
  notification: z.string().check(z.minLength(1), z.maxLength(256)),
  'ip-address': z.string().check(z.minLength(1), z.maxLength(256)),
  location: z.string().check(z.minLength(1), z.maxLength(256)),
});

export type CustomerNotification = z.infer<typeof customerNotificationDetail>;

/** The catalog entry of `Customer Notification`. */
export const customerNotification = entry({
  name: 'customerNotification',
  source: 'com.example.monolith',
  detailType: 'Customer Notification',
  detail: customerNotificationDetail,
  description: 'Customer Notification from com.example.monolith, handled by the notify-customer function.',
});
