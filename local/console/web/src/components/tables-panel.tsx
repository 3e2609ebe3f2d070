import { useEffect, useState } from 'preact/hooks';
import type { TableInfo, TablePage } from '../../../shared/api';
import { getJson } from '../api';

const PAGE_SIZE = 25;

/** Read-only browsing of the stack's DynamoDB tables: a Scan, one page at a time. */
export function TablesPanel() {
  const [tables, setTables] = useState<readonly TableInfo[]>([]);
  const [table, setTable] = useState<string>();
  /** Page tokens of the pages before the current one ('' for the first). */
  const [trail, setTrail] = useState<string[]>([]);
  const [page, setPage] = useState<TablePage>();
  const [error, setError] = useState<string>();
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    getJson<TableInfo[]>('tables').then((list) => {
      setTables(list);
      setTable((current) => current ?? list[0]?.name);
    }, (e: Error) => setError(e.message));
  }, []);
  const token = trail[trail.length - 1] ?? '';
  useEffect(() => {
    if (!table) return;
    setError(undefined);
    getJson<TablePage>(`tables/${encodeURIComponent(table)}?limit=${PAGE_SIZE}${token ? `&next=${encodeURIComponent(token)}` : ''}`).then(setPage, (e: Error) => setError(e.message));
  }, [table, token, reloads]);

  const info = tables.find((t) => t.name === table);
  const keys = info ? [info.hashKey, ...(info.rangeKey ? [info.rangeKey] : [])] : [];
  const columns = [...keys, ...[...new Set((page?.items ?? []).flatMap((item) => Object.keys(item)))].filter((c) => !keys.includes(c)).sort()];
  const cell = (value: unknown): string => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

  return (
    <div class="panel-stack" data-testid="tables">
      <section class="card">
        <div class="card-head">
          <div class="segmented" role="tablist">
            {tables.map((t) => (
              <button
                key={t.name}
                type="button"
                role="tab"
                aria-selected={t.name === table}
                class={t.name === table ? 'active' : ''}
                onClick={() => {
                  setTable(t.name);
                  setTrail([]);
                }}
                data-testid="table-choice"
              >
                {t.name}
              </button>
            ))}
          </div>
          <button type="button" class="ghost small" onClick={() => setReloads(reloads + 1)} data-testid="table-reload">
            Scan again
          </button>
        </div>
        {info ? (
          <p class="muted small">
            key {keys.join(' + ')} · page {trail.length + 1} · {page?.items.length ?? 0} item{page?.items.length === 1 ? '' : 's'} on this page (read-only Scan, {PAGE_SIZE} at a time)
          </p>
        ) : null}
        {error ? <p class="error-text">{error}</p> : null}
        <div class="table-scroll">
          <table class="grid" data-testid="table-items">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} class={keys.includes(c) ? 'attribute key' : 'attribute'}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(page?.items ?? []).map((item, i) => (
                <tr key={i} data-testid="table-item">
                  {columns.map((c) => (
                    <td key={c} class="mono small">
                      {cell(item[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {page && page.items.length === 0 ? <p class="empty">{trail.length === 0 ? 'The table is empty.' : 'No more items.'}</p> : null}
        </div>
        <div class="pager">
          <button type="button" class="ghost small" disabled={trail.length === 0} onClick={() => setTrail(trail.slice(0, -1))} data-testid="table-previous">
            ← Previous
          </button>
          <button type="button" class="ghost small" disabled={!page?.next} onClick={() => page?.next && setTrail([...trail, page.next])} data-testid="table-next">
            Next →
          </button>
        </div>
      </section>
    </div>
  );
}
