import type { ArchitectureNode } from '../../../../architecture/model';
import { targetKey, type ConsoleCounters, type StackInfo } from '../../../shared/api';

/** Every rule with its targets and every function of the stack (from its graph), with what the console counted. */
export function ResourcesTables({ stack, counters }: { stack: StackInfo; counters?: ConsoleCounters }) {
  const nodes = new Map(stack.graph.nodes.map((n) => [n.id, n]));
  const rules = stack.graph.nodes.filter((n) => n.kind === 'rule');
  const functions = stack.graph.nodes.filter((n) => n.kind === 'function');
  const targetsOf = (rule: ArchitectureNode): ArchitectureNode[] =>
    stack.graph.edges.filter((e) => e.from === rule.id && e.kind !== 'dead-letter').map((e) => nodes.get(e.to) as ArchitectureNode);
  const deadLetterOf = (rule: ArchitectureNode): ArchitectureNode[] =>
    stack.graph.edges.filter((e) => e.from === rule.id && e.kind === 'dead-letter').map((e) => nodes.get(e.to) as ArchitectureNode);

  return (
    <div class="resources">
      <section class="card">
        <h2>
          Rules <span class="muted">({rules.length})</span>
        </h2>
        <table class="grid" data-testid="rules-table">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Pattern</th>
              <th class="num">Matched</th>
              <th>Targets: delivered · failed attempts · retries · dead letters</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id} data-testid="rule-row" data-rule={rule.label} data-arn={rule.arn}>
                <td>
                  <strong>{rule.label}</strong>
                  <div class="muted small">{rule.name.split('/')[0]}</div>
                </td>
                <td class="mono small" title={rule.details.join('\n')}>
                  {rule.sublabel}
                </td>
                <td class="num" data-testid="rule-matched">
                  {counters?.rules[rule.arn ?? '']?.matched ?? 0}
                </td>
                <td>
                  {targetsOf(rule).map((target) => {
                    const t = counters?.targets[targetKey(rule.arn ?? '', target.arn ?? '')];
                    return (
                      <div key={target.id} class="target-line" data-testid="target-counters" data-target={target.name}>
                        <span class={`kind kind-${target.kind}`}>{target.label}</span>
                        <span class="ok-text">✓ {t?.delivered ?? 0}</span>
                        <span class={t?.failed ? 'warn-text' : 'muted'}>✗ {t?.failed ?? 0}</span>
                        <span class={t?.retries ? 'warn-text' : 'muted'}>↻ {t?.retries ?? 0}</span>
                        <span class={t?.deadLettered || t?.dropped ? 'danger-text' : 'muted'} title={deadLetterOf(rule).map((d) => d.name).join(', ') || 'no dead-letter queue'}>
                          DLQ {t?.deadLettered ?? 0}
                          {t?.dropped ? ` · dropped ${t.dropped}` : ''}
                        </span>
                      </div>
                    );
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>
          Functions <span class="muted">({functions.length})</span>
        </h2>
        <table class="grid" data-testid="functions-table">
          <thead>
            <tr>
              <th>Function</th>
              <th>Configuration</th>
              <th class="num">Invocations</th>
              <th class="num">Errors</th>
              <th class="num">Running</th>
              <th class="num">Average</th>
            </tr>
          </thead>
          <tbody>
            {functions.map((fn) => {
              const c = counters?.functions[fn.name];
              return (
                <tr key={fn.id} data-testid="function-row" data-function={fn.name}>
                  <td>
                    <strong>{fn.label}</strong>
                    <div class="muted small">{fn.name}</div>
                  </td>
                  <td class="small">{fn.sublabel}</td>
                  <td class="num" data-testid="function-invocations">
                    {c?.invocations ?? 0}
                  </td>
                  <td class={c?.errors ? 'num danger-text' : 'num'}>{c?.errors ?? 0}</td>
                  <td class="num">{c?.running ?? 0}</td>
                  <td class="num">{c && c.invocations - c.running > 0 ? `${Math.round(c.totalDurationMs / (c.invocations - c.running))} ms` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
