import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishError } from '../../../handlers/src/adapters/eventbridge';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { silentLogger } from '../../../handlers/src/shared/logger';
import { loadSpawnConfig } from '../../../handlers/src/spawn/config';
import { cellOf } from '../../../handlers/src/shared/cells';
import { isInPlayArea } from '../../../handlers/src/shared/play-area';
import { speciesOf } from '../../../handlers/src/spawn/domain';
import { makeHandler, type SpawnDeps } from '../../../handlers/src/spawn/handler';
import { useHandlerBackends } from '../../support/handler-backends';
import { fixture } from '../../support/events';

jest.setTimeout(30_000);

const NOW = new Date('2024-05-14T07:40:00.000Z');
const NOW_EPOCH = 1715672400;
const backends = useHandlerBackends();
const PLAY_AREA = { south: 48.815, west: 2.25, north: 48.902, east: 2.42 };
const AT = { lat: 48.853, lng: 2.3499 };

const handler = (overrides: Partial<SpawnDeps> = {}) =>
  makeHandler({
    dynamodb: backends.dynamo.client,
    eventBridge: backends.bus.client,
    config: { worldTable: backends.tables.world, eventBusName: 'fakemon-test', spawnTtlSeconds: 900, playArea: PLAY_AREA, cellResolution: 8 },
    clock: () => NOW,
    logger: silentLogger,
    ...overrides,
  });

const worldItem = async (id: string) =>
  (await backends.dynamo.client.send(new GetItemCommand({ TableName: backends.tables.world, Key: { fakemonId: { S: id } }, ConsistentRead: true }))).Item;

describe('spawn handler', () => {
  it('spawns the given ids at the given position: wild world items with a TTL, a cell, and one fakemon.spawned each', async () => {
    const result = await handler()({ ...fixture<Record<string, unknown>>('spawn-ids'), at: AT });
    const expiresAt = '2024-05-14T07:55:00.000Z';
    const cell = cellOf(AT, 8);
    expect(result).toEqual({
      spawned: [
        { fakemon: 'fm-test-1', species: speciesOf('fm-test-1'), expiresAt, ...AT, cell },
        { fakemon: 'fm-test-2', species: speciesOf('fm-test-2'), expiresAt, ...AT, cell },
      ],
    });
    expect(await worldItem('fm-test-1')).toEqual({
      fakemonId: { S: 'fm-test-1' },
      status: { S: 'wild' },
      species: { S: speciesOf('fm-test-1') },
      expiresAt: { N: String(NOW_EPOCH + 900) },
      lat: { N: '48.853' },
      lng: { N: '2.3499' },
      cell: { S: cell },
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
    // Spread over the play area, each in the cell of its own position.
    for (const s of result.spawned) {
      expect(isInPlayArea(PLAY_AREA, s)).toBe(true);
      expect(s.cell).toBe(cellOf(s, 8));
    }
    expect(new Set(result.spawned.map((s) => s.cell)).size).toBeGreaterThan(5);
  });

  it('refuses a position outside the play area before writing anything', async () => {
    await expect(handler()({ fakemon: ['fm-london'], at: { lat: 51.5, lng: -0.12 } })).rejects.toBeInstanceOf(ContractViolation);
    expect(await worldItem('fm-london')).toBeUndefined();
    expect(backends.bus.requests).toBe(0);
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

  it('config: SPAWN_TTL_SECONDS defaults to 900; the play area and the cell resolution are required and checked', () => {
    const env = { WORLD_TABLE: 'w', EVENT_BUS_NAME: 'b', PLAY_AREA: '48.815,2.25,48.902,2.42', CELL_RESOLUTION: '8' };
    expect(loadSpawnConfig(env)).toEqual({ worldTable: 'w', eventBusName: 'b', spawnTtlSeconds: 900, playArea: PLAY_AREA, cellResolution: 8 });
    expect(() => loadSpawnConfig({ ...env, SPAWN_TTL_SECONDS: '0' })).toThrow('SPAWN_TTL_SECONDS must be an integer >= 1');
    expect(() => loadSpawnConfig({ WORLD_TABLE: 'w', EVENT_BUS_NAME: 'b' })).toThrow('PLAY_AREA is required; CELL_RESOLUTION is required');
    expect(() => loadSpawnConfig({ ...env, PLAY_AREA: '48.9,2.25,48.8,2.42', CELL_RESOLUTION: '16' })).toThrow(
      'PLAY_AREA: play area "48.9,2.25,48.8,2.42": south (48.9) must be below north (48.8); CELL_RESOLUTION must be an integer between 0 and 15 (got "16")',
    );
  });
});
