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
