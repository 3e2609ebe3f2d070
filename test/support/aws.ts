/** Region and dummy credentials for SDK clients pointed at local emulators (never real AWS). */
export const TEST_REGION = 'us-east-1';
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** Client configuration for a local endpoint. */
export function localClientConfig(endpoint: string): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  return { endpoint, region: TEST_REGION, credentials: { ...TEST_CREDENTIALS } };
}
