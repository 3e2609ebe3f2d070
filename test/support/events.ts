import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { catalog, type DetailOf, type EventName } from '../../handlers/src/events/catalog';

export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'events');

/** A fixture from test/fixtures/events (a fresh copy each call). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, name.endsWith('.json') ? name : `${name}.json`), 'utf8')) as T;
}

/** An EventBridge event of the catalog, as a rule target receives it. */
export function eventOf<N extends EventName>(
  name: N,
  detail: DetailOf<N>,
  overrides: { id?: string; time?: string; [field: string]: unknown } = {},
): Record<string, unknown> {
  const entry = catalog[name];
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.detailType,
    source: entry.source,
    account: '123456789012',
    time: '2024-05-14T07:42:21Z',
    region: 'eu-west-1',
    resources: [],
    detail,
    ...overrides,
  };
}
