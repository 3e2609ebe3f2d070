import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { InMemoryConnectionRegistry } from '../../local/websocket/connection-registry';
import { startManagementApiServer, type ManagementApiServer } from '../../local/websocket/management-api';
import { localClientConfig } from './aws';
import { createTables, startDynalite, type DynaliteServer, type TestTables } from './dynalite';
import { startEventBridgeRecorder, type EventBridgeRecorder } from './eventbridge';

/** The real backends a handler test runs against: the local DynamoDB with the game tables, and a PutEvents recorder. */
export interface HandlerBackends {
  readonly dynamo: DynaliteServer;
  readonly bus: EventBridgeRecorder;
  readonly tables: TestTables;
}

/** Starts the backends before the file's tests, clears recorded events before each test, and stops them after. */
export function useHandlerBackends(): HandlerBackends {
  let started: HandlerBackends | undefined;
  const get = (): HandlerBackends => {
    if (!started) throw new Error('handler backends are used before beforeAll started them');
    return started;
  };
  beforeAll(async () => {
    const [dynamo, bus] = await Promise.all([startDynalite(), startEventBridgeRecorder()]);
    started = { dynamo, bus, tables: await createTables(dynamo.client) };
  });
  afterAll(async () => {
    await Promise.all([started?.dynamo.close(), started?.bus.close()]);
  });
  beforeEach(() => get().bus.reset());
  return {
    get dynamo() {
      return get().dynamo;
    },
    get bus() {
      return get().bus;
    },
    get tables() {
      return get().tables;
    },
  };
}

/** The backends of a handler that pushes to WebSocket connections: the local DynamoDB and the Management API. */
export interface PushBackends {
  readonly dynamo: DynaliteServer;
  /** The connections the Management API posts to (open ones receive, others answer 410). */
  readonly registry: InMemoryConnectionRegistry;
  readonly api: ManagementApiServer;
  /** The real client, against the local Management API, without retries. */
  readonly managementApi: ApiGatewayManagementApiClient;
}

/** Starts the push backends before the file's tests and stops them after. */
export function usePushBackends(): PushBackends {
  let started: PushBackends | undefined;
  const get = (): PushBackends => {
    if (!started) throw new Error('push backends are used before beforeAll started them');
    return started;
  };
  beforeAll(async () => {
    const registry = new InMemoryConnectionRegistry();
    const [dynamo, api] = await Promise.all([startDynalite(), startManagementApiServer({ registry, stage: 'dev' })]);
    started = { dynamo, registry, api, managementApi: new ApiGatewayManagementApiClient({ ...localClientConfig(api.endpoint), maxAttempts: 1 }) };
  });
  afterAll(async () => {
    started?.managementApi.destroy();
    await Promise.all([started?.dynamo.close(), started?.api.close()]);
  });
  return {
    get dynamo() {
      return get().dynamo;
    },
    get registry() {
      return get().registry;
    },
    get api() {
      return get().api;
    },
    get managementApi() {
      return get().managementApi;
    },
  };
}
