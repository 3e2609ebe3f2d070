import { useState } from 'preact/hooks';
import { ArchitecturePanel } from './components/architecture-panel';
import { ClockControl } from './components/clock-control';
import { DeadLettersPanel } from './components/dead-letters-panel';
import { EventDetail } from './components/event-detail';
import { EventLogPanel } from './components/event-log-panel';
import { GamePlaceholder } from './components/game-placeholder';
import { MailboxPanel } from './components/mailbox-panel';
import { SchedulesPanel } from './components/schedules-panel';
import { SendEventForm } from './components/send-event-form';
import { TablesPanel } from './components/tables-panel';
import { useLive } from './live';
import { hrefOf, navigate, useRoute, type Route } from './router';
import { useStack } from './stack';

const TABS: ReadonlyArray<{ route: Route; title: string }> = [
  { route: 'architecture', title: 'Architecture' },
  { route: 'dead-letters', title: 'Dead letters' },
  { route: 'schedules', title: 'Schedules' },
  { route: 'tables', title: 'Tables' },
  { route: 'mailbox', title: 'Mailbox' },
  { route: 'game', title: 'Game' },
];

export function App() {
  const stack = useStack();
  const state = useLive();
  const route = useRoute();
  const [selected, setSelected] = useState<string>();
  const deadLetters = Object.values(state.counters?.deadLetterQueues ?? {}).reduce((sum, q) => sum + q.depth, 0);
  const record = selected ? state.records.find((r) => r.key === selected) : undefined;

  return (
    <div class="shell">
      <header class="topbar">
        <div class="brand">
          <span class="logo" aria-hidden="true" />
          <div>
            <h1>Local console</h1>
            <p class="stack-name" data-testid="stack-name">
              {stack ? `${stack.stackName} · ${stack.region} · account ${stack.accountId}` : 'connecting…'}
            </p>
          </div>
        </div>
        <ClockControl clock={state.clock} />
        <span class={`connection ${state.connected ? 'on' : 'off'}`} data-testid="connection" title="Pushed by the runtime over server-sent events">
          {state.connected ? 'live' : 'connecting…'}
        </span>
      </header>
      <nav class="tabs">
        {TABS.map((tab) => (
          <a
            key={tab.route}
            href={hrefOf(tab.route)}
            class={tab.route === route ? 'tab active' : 'tab'}
            data-testid={`tab-${tab.route}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(tab.route);
            }}
          >
            {tab.title}
            {tab.route === 'dead-letters' && deadLetters > 0 ? <span class="count danger">{deadLetters}</span> : null}
          </a>
        ))}
      </nav>
      <div class="workspace">
        <main class="main">
          {route === 'architecture' && stack ? <ArchitecturePanel stack={stack} counters={state.counters} /> : null}
          {route === 'dead-letters' ? <DeadLettersPanel version={state.deadLetterVersion} onOpenEvent={setSelected} stackName={stack?.stackName ?? ''} /> : null}
          {route === 'schedules' ? <SchedulesPanel version={state.schedulesVersion} clock={state.clock} /> : null}
          {route === 'tables' ? <TablesPanel /> : null}
          {route === 'mailbox' ? <MailboxPanel version={state.mailboxVersion} /> : null}
          {route === 'game' ? <GamePlaceholder /> : null}
        </main>
        <aside class="sidebar">
          {stack ? <SendEventForm buses={stack.buses} onOpenEvent={setSelected} /> : null}
          <EventLogPanel records={state.records} eventLimit={state.eventLimit} buses={stack?.buses ?? []} onOpen={setSelected} />
        </aside>
      </div>
      {selected ? <EventDetail record={record} eventKey={selected} stackName={stack?.stackName ?? ''} graph={stack?.graph} onClose={() => setSelected(undefined)} /> : null}
    </div>
  );
}
