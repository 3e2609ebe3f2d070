import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishError } from '../../../handlers/src/adapters/eventbridge';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { silentLogger } from '../../../handlers/src/shared/logger';
import { loadSpawnConfig } from '../../../handlers/src/spawn/config';
import { speciesOf } from '../../../handlers/src/spawn/domain';
import { makeHandler, type SpawnDeps } from '../../../handlers/src/spawn/handler';
import { useHandlerBackends } from '../../support/handler-backends';
import { fixture } from '../../support/events';

jest.setTimeout(30_000);

const NOW = new Date('2024-05-14T07:40:00.000Z');
const NOW_EPOCH = 1715672400;
const backends = useHandlerBackends();

const handler = (overrides: Partial<SpawnDeps> = {}) =>
  makeHandler({
    dynamodb: backends.dynamo.client,
    eventBridge: backends.bus.client,
    config: { worldTable: backends.tables.world, eventBusName: 'fakemon-test', spawnTtlSeconds: 900 },
    clock: () => NOW,
    logger: silentLogger,
    ...overrides,
  });

const worldItem = async (id: string) =>
  (await backends.dynamo.client.send(new GetItemCommand({ TableName: backends.tables.world, Key: { fakemonId: { S: id } }, ConsistentRead: true }))).Item;

describe('spawn handler', () => {
  it('spawns the given ids: wild world items with a TTL and one fakemon.spawned each', async () => {
    const result = await handler()(fixture('spawn-ids'));
    const expiresAt = '2024-05-14T07:55:00.000Z';
    expect(result).toEqual({
      spawned: [
        { fakemon: 'fm-test-1', species: speciesOf('fm-test-1'), expiresAt },
        { fakemon: 'fm-test-2', species: speciesOf('fm-test-2'), expiresAt },
      ],
    });
    expect(await worldItem('fm-test-1')).toEqual({
      fakemonId: { S: 'fm-test-1' },
      status: { S: 'wild' },
      species: { S: speciesOf('fm-test-1') },
      expiresAt: { N: String(NOW_EPOCH + 900) },
    });
    expect(backends.bus.events.map((e) => [e.Source, e.DetailType, e.EventBusName, e.detail])).toEqual(
      result.spawned.map((d) => ['fakemon.world', 'fakemon.spawned', 'fakemon-test', d]),
    );
  });

  it('spawns count new fakémon with unique ids, in PutEvents batches of 10', async () => {
    const result = await handler()({ count: 25 });
    const ids = result.spawned.map((s) => s.fakemon);
    expect(new Set(ids).size).toBe(25);
    ids.forEach((id) => expect(id).toMatch(/^fm-[0-9a-f]{16}$/));
    expect(backends.bus.events).toHaveLength(25);
    expect(backends.bus.requests).toBe(3);
    for (const id of ids) expect(await worldItem(id)).toMatchObject({ status: { S: 'wild' } });
  });

  it('respawning an id makes it wild again', async () => {
    await handler()({ fakemon: ['fm-again'] });
    await handler({ clock: () => new Date(NOW.getTime() + 60_000) })({ fakemon: ['fm-again'] });
    expect(await worldItem('fm-again')).toMatchObject({ status: { S: 'wild' }, expiresAt: { N: String(NOW_EPOCH + 960) } });
  });

  it.each([[{}], [{ count: 0 }], [{ count: 101 }], [{ fakemon: ['a', 'a'] }], [{ fakemon: [''] }], ['3']])('refuses the input %j', async (input) => {
    await expect(handler()(input)).rejects.toBeInstanceOf(ContractViolation);
    expect(backends.bus.requests).toBe(0);
  });

  it('throws when the bus refuses entries', async () => {
    backends.bus.failNextEntries(1);
    await expect(handler()({ count: 2 })).rejects.toBeInstanceOf(PublishError);
  });

  it('config: SPAWN_TTL_SECONDS defaults to 900', () => {
    expect(loadSpawnConfig({ WORLD_TABLE: 'w', EVENT_BUS_NAME: 'b' })).toEqual({ worldTable: 'w', eventBusName: 'b', spawnTtlSeconds: 900 });
    expect(() => loadSpawnConfig({ WORLD_TABLE: 'w', EVENT_BUS_NAME: 'b', SPAWN_TTL_SECONDS: '0' })).toThrow('SPAWN_TTL_SECONDS must be an integer >= 1');
  });
});
