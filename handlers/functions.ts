/**
 * The Lambda functions this package builds, and what the infrastructure must give each of them.
 *
 * Dependency-free on purpose: imported by the CDKTF stack, the build script, the local runtime
 * and the tests.
 */

/**
 * One zip per name: `handlers/dist/<name>.zip`, entry `handlers/src/<name>/index.ts`. Each is declared by one flow
 * (`modules/flows/`); `npm run new:handler` adds its function here (before the marker).
 */
export const FUNCTION_NAMES = [
  'capture',
  'deliver-result',
  'world-updates',
  'ws-connect',
  'ws-watch',
  'spawn',
  'cart-reminder',
  'ws-authorizer',
  'pre-sign-up',
  'notify-customer',
  // new:handler function names
] as const;

export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The Lambda `handler` setting of every function (the zip holds a single `index.mjs`). */
export const HANDLER = 'index.handler';


/**
 * Environment variables each function reads (validated at the first invocation).
 * `required` must be set; `optional` have the documented default.
 * Every function also honours `LOG_LEVEL` (debug | info | warn | error, default info) and the
 * AWS SDK's own `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`.
 */
export const FUNCTION_ENVIRONMENT: Readonly<
  Record<FunctionName, { readonly required: readonly string[]; readonly optional: Readonly<Record<string, string>> }>
> = {
  capture: {
    required: ['WORLD_TABLE', 'COLLECTIONS_TABLE', 'ATTEMPTS_TABLE', 'EVENT_BUS_NAME'],
    optional: { DODGE_PROBABILITY: '0.1', ATTEMPT_TTL_SECONDS: '604800' },
  },
  'deliver-result': {
    required: ['CONNECTIONS_TABLE', 'CONNECTIONS_BY_PLAYER_INDEX', 'WEBSOCKET_MANAGEMENT_ENDPOINT'],
    optional: {},
  },
  'world-updates': {
    required: ['WATCHERS_TABLE', 'WEBSOCKET_MANAGEMENT_ENDPOINT'],
    optional: {},
  },
  'ws-connect': {
    required: ['CONNECTIONS_TABLE', 'WATCHERS_TABLE'],
    optional: { CONNECTION_TTL_SECONDS: '7200' },
  },
  'ws-watch': {
    required: ['CONNECTIONS_TABLE', 'WATCHERS_TABLE', 'CELL_RESOLUTION'],
    optional: {},
  },
  spawn: {
    required: ['WORLD_TABLE', 'EVENT_BUS_NAME', 'PLAY_AREA', 'CELL_RESOLUTION'],
    optional: { SPAWN_TTL_SECONDS: '900' },
  },
  'cart-reminder': {
    required: ['SCHEDULE_GROUP_NAME', 'EVENT_BUS_ARN', 'SCHEDULER_ROLE_ARN', 'SCHEDULE_DLQ_ARN', 'CHECKOUTS_TABLE'],
    optional: { REMINDER_DELAY_SECONDS: '86400', SCHEDULE_MAX_RETRY_ATTEMPTS: '185', SCHEDULE_MAX_EVENT_AGE_SECONDS: '86400' },
  },
  'ws-authorizer': {
    required: ['TOKEN_ISSUER', 'USER_POOL_CLIENT_ID'],
    optional: {},
  },
  'pre-sign-up': {
    required: [],
    optional: {},
  },
  'notify-customer': { required: ['SENDER_ADDRESS', 'NOTIFICATIONS_TABLE'], optional: { SENT_RECORD_TTL_SECONDS: '604800' } },
  // new:handler function environments
};
