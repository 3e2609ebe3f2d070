import { parseArgs } from 'node:util';
import { DescribeEventBusCommand, DescribeReplayCommand, EventBridgeClient, ListArchivesCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { awsTarget } from './lib/aws-target';
import { ProgressBar } from './lib/progress';

const USAGE = 'usage: npm run replay -- --env <env> --from <ISO time> --to <ISO time> [--endpoint <url>] [--poll-seconds <n>]';
const DONE = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

function isoTime(value: string | undefined, flag: string): Date {
  const date = new Date(String(value));
  if (!value || Number.isNaN(date.getTime())) throw new Error(`--${flag} must be an ISO 8601 time\n${USAGE}`);
  return date;
}

// `npm run replay`: replays the bus archive between two times and follows the replay to its end.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { env: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, endpoint: { type: 'string' }, 'poll-seconds': { type: 'string', default: '5' } },
  });
  if (!values.env) throw new Error(USAGE);
  const from = isoTime(values.from, 'from');
  const to = isoTime(values.to, 'to');
  if (to <= from) throw new Error('--to must be after --from');
  const target = awsTarget(values.env, values.endpoint);
  const prefix = target.config.namePrefix;
  const events = new EventBridgeClient(target.client);
  const { Arn: busArn } = await events.send(new DescribeEventBusCommand({ Name: `${prefix}-bus` }));
  const { Archives = [] } = await events.send(new ListArchivesCommand({ NamePrefix: `${prefix}-archive` }));
  const archive = Archives.find((a) => a.ArchiveName === `${prefix}-archive`);
  if (!archive) throw new Error(`No archive ${prefix}-archive on ${prefix}-bus`);
  const archiveArn = `${String(busArn).replace(/:event-bus\/.*$/, '')}:archive/${archive.ArchiveName}`;
  const replayName = `${prefix}-${from.toISOString().replace(/[^0-9]/g, '').slice(0, 14)}-${Date.now().toString(36)}`.slice(0, 64);
  await events.send(new StartReplayCommand({ ReplayName: replayName, EventSourceArn: archiveArn, EventStartTime: from, EventEndTime: to, Destination: { Arn: busArn } }));
  console.log(`Replay ${replayName}: ${archive.ArchiveName} ${from.toISOString()} → ${to.toISOString()} onto ${prefix}-bus`);
  console.log('Rules whose targets are not idempotent ignore replayed events (pattern "replay-name": [{"exists": false}]).');
  const bar = new ProgressBar('replayed ');
  const span = to.getTime() - from.getTime();
  const pollMs = Math.max(0.05, Number(values['poll-seconds'])) * 1000;
  for (;;) {
    const replay = await events.send(new DescribeReplayCommand({ ReplayName: replayName }));
    const last = replay.EventLastReplayedTime ? replay.EventLastReplayedTime.getTime() - from.getTime() : 0;
    const percent = replay.State === 'COMPLETED' ? 100 : Math.max(0, Math.min(99, Math.floor((last / span) * 100)));
    bar.update(percent, 100, `% ${replay.State ?? ''}`);
    if (DONE.has(String(replay.State))) {
      bar.done();
      console.log(`Replay ${replayName} ${String(replay.State)}${replay.StateReason ? `: ${replay.StateReason}` : ''}`);
      if (replay.State !== 'COMPLETED') process.exitCode = 1;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
