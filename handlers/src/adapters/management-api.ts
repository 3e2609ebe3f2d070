import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

/** Client for the WebSocket API's management endpoint (`https://{api}.execute-api.{region}.amazonaws.com/{stage}`). */
export function createManagementApiClient(endpoint: string): ApiGatewayManagementApiClient {
  return new ApiGatewayManagementApiClient({ endpoint });
}

/** `sent`: delivered; `gone`: the connection no longer exists (HTTP 410). Anything else throws. */
export type PostResult = 'sent' | 'gone';

export interface ConnectionPoster {
  post(connectionId: string, data: Uint8Array): Promise<PostResult>;
}

export function isGone(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'GoneException' || e.$metadata?.httpStatusCode === 410;
}

export function managementApiPoster(client: ApiGatewayManagementApiClient): ConnectionPoster {
  return {
    async post(connectionId, data) {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
        return 'sent';
      } catch (error) {
        if (isGone(error)) return 'gone';
        throw error;
      }
    },
  };
}
