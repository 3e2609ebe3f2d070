export * from './cart-reminders';
