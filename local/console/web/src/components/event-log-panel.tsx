import { useMemo, useState } from 'preact/hooks';
import type { EventRecord, EventStatus } from '../../../shared/api';
import { timeOf } from '../format';
import { StatusChip } from './status-chip';

interface Filters {
  readonly bus: string;
  readonly source: string;
  readonly detailType: string;
  readonly id: string;
  readonly status: '' | EventStatus;
}

const NONE: Filters = { bus: '', source: '', detailType: '', id: '', status: '' };

/** Every string an event can be found by: its id, the strings of its detail (attempt ids…), request and message ids. */
function idsOf(record: EventRecord): string[] {
  const strings: string[] = [record.event.id];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(record.event.detail);
  strings.push(...record.invocations.map((i) => i.requestId), ...record.deadLetters.map((d) => d.messageId));
  return strings;
}

function matches(record: EventRecord, f: Filters): boolean {
  if (f.bus && record.busName !== f.bus) return false;
  if (f.source && record.event.source !== f.source) return false;
  if (f.detailType && record.event['detail-type'] !== f.detailType) return false;
  if (f.status && record.status !== f.status) return false;
  const id = f.id.trim();
  return !id || idsOf(record).some((s) => s.includes(id));
}

/** The event log: newest first, filtered, each event opening its full story. */
export function EventLogPanel({ records, eventLimit, buses, onOpen }: { records: readonly EventRecord[]; eventLimit: number; buses: readonly string[]; onOpen: (key: string) => void }) {
  const [filters, setFilters] = useState<Filters>(NONE);
  const sources = useMemo(() => [...new Set(records.map((r) => r.event.source))].sort(), [records]);
  const detailTypes = useMemo(() => [...new Set(records.map((r) => r.event['detail-type']))].sort(), [records]);
  const shown = records.filter((r) => matches(r, filters));
  const set = (patch: Partial<Filters>): void => setFilters({ ...filters, ...patch });
  const filtered = JSON.stringify(filters) !== JSON.stringify(NONE);

  return (
    <section class="card log-card" data-testid="event-log">
      <div class="card-head">
        <h2>Event log</h2>
        <span class="muted small" data-testid="log-count">
          {filtered ? `${shown.length} of ${records.length}` : records.length} event{records.length === 1 ? '' : 's'} · keeps the last {eventLimit}
        </span>
      </div>
      <div class="filters">
        <select value={filters.bus} onChange={(e) => set({ bus: e.currentTarget.value })} data-testid="filter-bus" aria-label="Bus">
          <option value="">every bus</option>
          {buses.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
        <select value={filters.source} onChange={(e) => set({ source: e.currentTarget.value })} data-testid="filter-source" aria-label="Source">
          <option value="">every source</option>
          {sources.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select value={filters.detailType} onChange={(e) => set({ detailType: e.currentTarget.value })} data-testid="filter-detail-type" aria-label="Detail type">
          <option value="">every detail-type</option>
          {detailTypes.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <select value={filters.status} onChange={(e) => set({ status: e.currentTarget.value as Filters['status'] })} data-testid="filter-status" aria-label="Status">
          <option value="">any outcome</option>
          <option value="delivered">delivered</option>
          <option value="in-flight">in flight</option>
          <option value="retrying">retrying</option>
          <option value="dead-lettered">dead letter</option>
          <option value="unmatched">no rule matched</option>
        </select>
        <div class="filter-search">
          <input
            type="search"
            placeholder="event, attempt or correlation id"
            value={filters.id}
            onInput={(e) => set({ id: e.currentTarget.value })}
            data-testid="filter-id"
            aria-label="Id"
          />
          <button type="button" class="ghost small" disabled={!filtered} onClick={() => setFilters(NONE)} data-testid="filter-clear">
            clear filters
          </button>
        </div>
      </div>
      <ol class="log" data-testid="log-entries">
        {shown.length === 0 ? <li class="empty">{records.length === 0 ? 'No events yet. Send one, or use the game.' : 'No event matches the filters.'}</li> : null}
        {shown.map((record) => (
          <li key={record.key}>
            <button type="button" class="log-entry" onClick={() => onOpen(record.key)} data-testid="log-entry" data-event-id={record.event.id} data-detail-type={record.event['detail-type']}>
              <span class="log-time mono">{timeOf(record.receivedAt)}</span>
              <span class="log-main">
                <span class="log-type">{record.event['detail-type']}</span>
                <span class="log-source muted">
                  {record.event.source}
                  {record.event['replay-name'] ? ` · replay ${record.event['replay-name']}` : ''}
                </span>
                <span class="log-route muted small">
                  {record.matches.length === 0 ? 'no rule matched' : record.matches.map((m) => m.ruleName.replace(/-rule$/, '')).join(' · ')}
                </span>
              </span>
              <StatusChip status={record.status} />
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
