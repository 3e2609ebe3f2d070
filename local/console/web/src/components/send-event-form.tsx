import { useEffect, useMemo, useState } from 'preact/hooks';
import type { CatalogEvent } from '../../../shared/api';
import { DetailValidator } from '../../../shared/detail-validator';
import { sampleOf } from '../../../shared/sample-detail';
import { ApiError, getJson, postJson } from '../api';
import { json } from '../format';

const CUSTOM = '(custom)';
const validator = new DetailValidator();

type Outcome = { readonly ok: true; readonly eventId: string } | { readonly ok: false; readonly message: string; readonly problems: readonly string[] };

/**
 * "Send an event": a catalog event with its detail checked against the catalog's JSON Schema as you type (the
 * same schema and validator the console's server applies before PutEvents), or any custom event.
 */
export function SendEventForm({ buses, onOpenEvent }: { buses: readonly string[]; onOpenEvent: (key: string) => void }) {
  const [catalog, setCatalog] = useState<readonly CatalogEvent[]>([]);
  const [name, setName] = useState('');
  const [bus, setBus] = useState(buses.find((b) => b !== 'default') ?? buses[0] ?? 'default');
  const [source, setSource] = useState('');
  const [detailType, setDetailType] = useState('');
  const [text, setText] = useState('{}');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [open, setOpen] = useState(true);

  const choose = (events: readonly CatalogEvent[], chosen: string): void => {
    setName(chosen);
    setOutcome(undefined);
    const entry = events.find((e) => e.name === chosen);
    if (!entry) return;
    setSource(entry.source);
    setDetailType(entry.detailType);
    setText(json(sampleOf(entry.detailSchema)));
  };
  useEffect(() => {
    void getJson<{ events: CatalogEvent[] }>('catalog').then(({ events }) => {
      setCatalog(events);
      choose(events, events[0]?.name ?? CUSTOM);
    });
  }, []);

  const entry = catalog.find((e) => e.name === name);
  const problems = useMemo((): readonly string[] => {
    let detail: unknown;
    try {
      detail = JSON.parse(text);
    } catch (e) {
      return [`not JSON: ${(e as Error).message}`];
    }
    if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return ['the detail must be a JSON object'];
    return entry ? validator.validate(entry.detailSchema, detail) : [];
  }, [text, entry]);
  const ready = problems.length === 0 && source.trim() !== '' && detailType.trim() !== '' && !sending;

  const send = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!ready) return;
    setSending(true);
    setOutcome(undefined);
    try {
      const { eventId } = await postJson<{ eventId: string }>('events', { busName: bus, source, detailType, detail: JSON.parse(text) });
      setOutcome({ ok: true, eventId });
    } catch (error) {
      setOutcome({ ok: false, message: (error as Error).message, problems: error instanceof ApiError ? error.problems : [] });
    } finally {
      setSending(false);
    }
  };

  return (
    <section class="card send-card" data-testid="send-event">
      <div class="card-head">
        <h2>Send an event</h2>
        <button type="button" class="ghost small" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? 'hide' : 'show'}
        </button>
      </div>
      {open ? (
        <form onSubmit={(e) => void send(e)}>
          <div class="form-row">
            <label>
              Event
              <select value={name} onChange={(e) => choose(catalog, e.currentTarget.value)} data-testid="send-catalog">
                {catalog.map((event) => (
                  <option key={event.name} value={event.name}>
                    {event.detailType}
                  </option>
                ))}
                <option value={CUSTOM}>custom event (no contract)</option>
              </select>
            </label>
            <label>
              Bus
              <select value={bus} onChange={(e) => setBus(e.currentTarget.value)} data-testid="send-bus">
                {buses.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {entry ? <p class="muted small description">{entry.description}</p> : null}
          <div class="form-row">
            <label>
              Source
              <input value={source} readOnly={entry !== undefined} onInput={(e) => setSource(e.currentTarget.value)} data-testid="send-source" />
            </label>
            <label>
              Detail-type
              <input value={detailType} readOnly={entry !== undefined} onInput={(e) => setDetailType(e.currentTarget.value)} data-testid="send-detail-type" />
            </label>
          </div>
          <label>
            Detail {entry ? <span class="muted small">(checked against the {entry.detailType} contract)</span> : null}
            <textarea value={text} rows={7} spellcheck={false} class={problems.length > 0 ? 'mono invalid' : 'mono'} onInput={(e) => setText(e.currentTarget.value)} data-testid="send-detail" />
          </label>
          {problems.length > 0 ? (
            <ul class="problems" data-testid="send-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          <div class="form-actions">
            <button type="submit" class="primary" disabled={!ready} data-testid="send-submit">
              {sending ? 'Sending…' : 'Put on the bus'}
            </button>
            {outcome?.ok ? (
              <span class="ok-text small send-result" data-testid="send-result">
                accepted as{' '}
                <button type="button" class="link mono" onClick={() => onOpenEvent(outcome.eventId)} title="Open the event">
                  {outcome.eventId}
                </button>
              </span>
            ) : null}
          </div>
          {outcome && !outcome.ok ? (
            <div class="error-text small" data-testid="send-error">
              {outcome.message}
              {outcome.problems.length > 0 ? (
                <ul>
                  {outcome.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
