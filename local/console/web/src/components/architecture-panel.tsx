import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleCounters, StackInfo } from '../../../shared/api';
import { getJson } from '../api';
import { GraphAnimator } from '../graph/animator';
import { live } from '../live';
import { ResourcesTables } from './resources-tables';

let svgText: Promise<string> | undefined;

/** The architecture picture of the running stack, live, and the rules and functions with their counters. */
export function ArchitecturePanel({ stack, counters }: { stack: StackInfo; counters?: ConsoleCounters }) {
  const host = useRef<HTMLDivElement>(null);
  const animator = useRef<GraphAnimator | undefined>(undefined);
  const [fit, setFit] = useState(true);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let disposed = false;
    svgText ??= getJson<{ svg: string }>('architecture.svg').then((r) => r.svg);
    svgText.then(
      (svg) => {
        if (disposed || !host.current) return;
        host.current.innerHTML = svg;
        const element = host.current.querySelector('svg');
        if (!element) return;
        animator.current = new GraphAnimator(element, stack.graph);
        animator.current.setCounters(live.state.counters);
      },
      (e: Error) => setError(e.message),
    );
    const stop = live.observe((observation, deadLetters) => animator.current?.observe(observation, deadLetters));
    return () => {
      disposed = true;
      stop();
      animator.current?.dispose();
      animator.current = undefined;
    };
  }, [stack]);
  useEffect(() => animator.current?.setCounters(counters), [counters]);

  return (
    <div class="panel-stack">
      <section class="card graph-card">
        <div class="graph-toolbar">
          <span class="legend-dot dot-event" /> matched
          <span class="legend-dot dot-ok" /> delivered
          <span class="legend-dot dot-fail" /> failed / dead letter
          <span class="legend-dot dot-schedule" /> schedule
          <button type="button" class="ghost small" onClick={() => setFit(!fit)} data-testid="graph-zoom">
            {fit ? 'Actual size' : 'Fit to width'}
          </button>
        </div>
        {error ? <p class="error-text">The picture could not be drawn: {error}</p> : null}
        <div ref={host} class={fit ? 'graph fit' : 'graph'} data-testid="architecture" />
      </section>
      <ResourcesTables stack={stack} counters={counters} />
    </div>
  );
}
