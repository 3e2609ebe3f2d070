import { parseArgs } from 'node:util';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsTarget } from './lib/aws-target';
import { ProgressBar } from './lib/progress';
import { redriveQueue } from './lib/redrive';

const USAGE = 'usage: npm run redrive -- --env <env> --queue <name> [--dry-run] [--include-permanent] [--endpoint <url>]';

// `npm run redrive`: put a dead-letter queue's events back on the environment's bus, deleting a message only
// after its event was accepted. Permanent failures (contract violations) stay unless --include-permanent.
// Exits non-zero if anything else was left behind.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string' },
      queue: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'include-permanent': { type: 'boolean', default: false },
      endpoint: { type: 'string' },
    },
  });
  if (!values.env || !values.queue) throw new Error(USAGE);
  const target = awsTarget(values.env, values.endpoint);
  const prefix = target.config.namePrefix;
  const queueName = values.queue.startsWith(`${prefix}-`) ? values.queue : `${prefix}-${values.queue}`;
  const sqs = new SQSClient(target.client);
  const events = new EventBridgeClient(target.client);
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const busName = `${prefix}-bus`;
  console.log(`${values['dry-run'] ? 'Listing' : 'Redriving'} ${queueName} → ${busName}`);
  const bar = new ProgressBar(values['dry-run'] ? 'listed   ' : 'redriven ');
  const totals = await redriveQueue({
    sqs,
    events,
    queueUrl: String(QueueUrl),
    busName,
    dryRun: values['dry-run'] === true,
    includePermanent: values['include-permanent'] === true,
    onMessage: (letter) => {
      const what = letter.entry ? `${letter.entry.Source} ${letter.entry.DetailType}` : '(no event)';
      const why = Object.entries(letter.errors).map(([k, v]) => `${k}=${v}`).join(' ');
      console.log(`  ${letter.message.MessageId} ${what} ${letter.permanent ? 'PERMANENT ' : ''}${why}`);
      if (letter.permanent) console.log(`    permanent: ${letter.permanent}`);
    },
    onProgress: (t) => bar.update(values['dry-run'] ? t.read : t.redriven, t.read),
  });
  bar.done();
  console.log(`${totals.read} read, ${totals.redriven} redriven, ${totals.leftBehind} left in the queue${totals.returned > 0 ? ` (${totals.returned} failed again and came back)` : ''}`);
  if (totals.permanent > 0) {
    console.log(`${totals.permanent} permanent failures (contract violations) left in the queue on purpose; --include-permanent redrives them`);
  }
  if (totals.leftBehind > 0 && !values['dry-run']) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
