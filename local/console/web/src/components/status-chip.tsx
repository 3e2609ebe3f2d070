import type { EventStatus, TargetState } from '../../../shared/api';

const TEXT: Record<EventStatus | TargetState, string> = {
  unmatched: 'no rule matched',
  'in-flight': 'in flight',
  retrying: 'retrying',
  'dead-lettered': 'dead letter',
  delivered: 'delivered',
  pending: 'pending',
  dropped: 'dropped',
};

export function StatusChip({ status }: { status: EventStatus | TargetState }) {
  return (
    <span class={`chip chip-${status}`} data-status={status}>
      {TEXT[status]}
    </span>
  );
}
