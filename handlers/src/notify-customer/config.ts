import { readConfig, type Env } from '../shared/config';

/**
 * The settings of notify-customer, read once from its environment. Add each setting here, set it in the flow's `environment`
 * (modules/flows/notify-customer.ts) and list it in FUNCTION_ENVIRONMENT (handlers/functions.ts).
 */
export interface NotifyCustomerConfig {
  /** Severity below which log lines are dropped (`LOG_LEVEL`). @default info */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export function loadNotifyCustomerConfig(env: Env = process.env): NotifyCustomerConfig {
  return readConfig('notify-customer', env, (r) => {
    const level = r.string('LOG_LEVEL', 'info');
    if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new Error(`Invalid configuration for notify-customer: LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${level}")`);
    return { logLevel: level as NotifyCustomerConfig['logLevel'] };
  });
}
