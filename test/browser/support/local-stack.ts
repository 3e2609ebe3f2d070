import { ControllableClock } from '../../../local/clock';
import { startLocalStack, type LocalStack } from '../../../local/runtime';

/**
 * The dev stack on free ports, as `npm start` runs it (handler zips and the console built when stale), with fast
 * retries and quiet function output.
 */
export async function startDevStack(): Promise<LocalStack> {
  return startLocalStack({
    env: 'dev',
    awsPort: 0,
    restPort: 0,
    webSocketPort: 0,
    clock: new ControllableClock(),
    timeScale: Number(process.env.BROWSER_TIME_SCALE ?? 0.001),
    functionLogs: process.env.BROWSER_FUNCTION_LOGS === 'stdout' ? 'stdout' : 'silent',
    log: () => undefined,
  });
}

/** Settings for AWS SDK clients against the stack (any credentials are the account's administrator). */
export const clientOf = (stack: LocalStack): { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } } => ({
  region: stack.config.region,
  endpoint: stack.awsEndpoint,
  credentials: { accessKeyId: 'browser-test', secretAccessKey: 'browser-test' },
});
