/**
 * The live local console at `<AWS endpoint>/_local/console/`: the architecture graph with events travelling its
 * arrows, the event log, "send an event", dead-letter queues and their redrive, schedules and the clock, the
 * mailbox and read-only tables. It listens to the runtime's observation stream and pushes what happens to the
 * page over server-sent events.
 */
import { buildArchitectureGraph, type ArchitectureSource } from '../architecture/from-stack';
import type { ArchitectureGraph } from '../architecture/model';
import type { LocalAws } from '../aws';
import type { Observed } from '../observe';
import type { LocalStackConfig } from '../stack/to-local-config';
import { ConsoleActions, ConsoleRequestError } from './actions';
import { CONSOLE_DIST_DIR } from './build';
import { DeadLetterQueues } from './dead-letters';
import { EventLog } from './event-log';
import { EventStreamHub } from './event-stream';
import { consoleRequestHandler, limitOf } from './http';
import type { Mailbox } from './mailbox';
import { CONSOLE_PATH, type DeadLetterMessage, type EventRecord, type MailboxView, type StackInfo } from './shared/api';
import { catalogEvents, deadLetterQueuesOf } from './stack-view';
import { serveStatic } from './static-files';

export { buildConsole } from './build';
export type { Mailbox } from './mailbox';

/** Options of {@link mountConsole}. */
export interface ConsoleOptions {
  readonly aws: LocalAws;
  readonly config: LocalStackConfig;
  /** What the architecture graph is drawn from. */
  readonly architecture: ArchitectureSource;
  readonly restUrl?: string;
  readonly webSocketUrl?: string;
  /** How many events the log keeps. @default 1000 */
  readonly eventLimit?: number;
  /** The local SES mailbox. @default none (the page says so) */
  readonly mailbox?: Mailbox;
  /** The built page. @default local/console/dist */
  readonly distDir?: string;
}

/** A mounted console. */
export interface LocalConsole {
  /** e.g. `http://127.0.0.1:4566/_local/console/`. */
  readonly url: string;
  readonly log: EventLog;
  /** Open pages. */
  readonly pages: () => number;
  stop(): void;
}

/** Mounts the console on the runtime's AWS endpoint and starts following its observations. */
export function mountConsole(options: ConsoleOptions): LocalConsole {
  const { aws, config } = options;
  const graph = buildArchitectureGraph(options.architecture);
  const buses = config.buses.map((b) => b.name);
  const log = new EventLog({ limit: options.eventLimit });
  const hub = new EventStreamHub();
  const deadLetterQueues = new DeadLetterQueues(aws.services.sqs, deadLetterQueuesOf(config, graph));
  for (const queue of deadLetterQueues.views()) log.addDeadLetters(queue.name, queue.messages.length, []);
  const catalog = catalogEvents();
  const actions = new ConsoleActions({ endpoint: aws.endpoint, region: aws.account.region, catalog, buses, tables: config.tables.map((t) => t.name) });
  let svg: Promise<string> | undefined;

  const clock = (): { now: string; offsetMs: number } => ({ now: aws.clock.now().toISOString(), offsetMs: aws.clock.offsetFromRealTime() });
  const stopObserving = aws.observe.subscribe((observed) => {
    const change = log.apply(observed);
    const records: EventRecord[] = change.record ? [change.record] : [];
    let countersChanged = change.countersChanged;
    let deadLetters: DeadLetterMessage[] | undefined;
    if (observed.type === 'queue.changed') {
      if (!deadLetterQueues.has(observed.queueName)) return;
      const before = log.counters.deadLetterQueues[observed.queueName]?.depth;
      const { depth, arrived } = deadLetterQueues.arrivals(observed.queueName);
      if (arrived.length === 0 && depth === before) return;
      records.push(...log.addDeadLetters(observed.queueName, depth, arrived));
      countersChanged = true;
      deadLetters = arrived;
    }
    hub.broadcast({
      kind: 'observation',
      observation: forThePage(observed),
      ...(records.length > 0 ? { records } : {}),
      ...(countersChanged ? { counters: log.counters } : {}),
      ...(deadLetters && deadLetters.length > 0 ? { deadLetters } : {}),
    });
  });
  const stopMailbox = options.mailbox?.subscribe(() => hub.broadcast({ kind: 'mailbox' }));

  const stackInfo: StackInfo = {
    stackName: config.stackName,
    region: config.region,
    accountId: config.accountId,
    awsEndpoint: aws.endpoint,
    restUrl: options.restUrl,
    webSocketUrl: options.webSocketUrl,
    buses,
    graph,
  };
  const distDir = options.distDir ?? CONSOLE_DIST_DIR;
  aws.server.mount(
    CONSOLE_PATH,
    consoleRequestHandler({
      stream: (req, res) => hub.open(req, res, { kind: 'snapshot', records: log.list(), counters: log.counters, clock: clock(), eventLimit: log.limit }),
      page: (relativePath, res) => serveStatic(distDir, relativePath, res, 'Run `npm run build:console`, or `npm start` without --no-synth, which builds it when stale.'),
      api: {
        'GET stack': () => stackInfo,
        'GET architecture.svg': async () => {
          svg ??= liveSvg(graph, config.stackName);
          return { svg: await svg };
        },
        'GET catalog': () => ({ events: catalog, buses }),
        'POST events': ({ body }) => actions.sendEvent(body),
        'GET dead-letter-queues': () => deadLetterQueues.views(),
        'POST dead-letter-queues/*/redrive': async ({ params }) => {
          const queue = deadLetterQueues.ref(params[0]);
          if (!queue) throw new ConsoleRequestError(404, `no dead-letter queue ${params[0]} in this stack`);
          return actions.redrive(queue, aws.services.sqs.queueUrl(queue.name));
        },
        'GET schedules': () => ({ clock: clock(), schedules: aws.services.scheduler.overview() }),
        'GET tables': () => config.tables.map((t) => ({ name: t.name, hashKey: t.hashKey, ...(t.rangeKey ? { rangeKey: t.rangeKey } : {}) })),
        'GET tables/*': ({ params, query }) => actions.scan(params[0], limitOf(query), query.get('next') ?? undefined),
        'GET mailbox': async (): Promise<MailboxView> => (options.mailbox ? { available: true, messages: await options.mailbox.list() } : { available: false }),
        'DELETE mailbox': async () => {
          if (!options.mailbox) throw new ConsoleRequestError(404, 'this runtime has no local SES mailbox');
          await options.mailbox.clear();
          return {};
        },
      },
    }),
  );

  return {
    url: `${aws.endpoint}${CONSOLE_PATH}/`,
    log,
    pages: () => hub.size,
    stop: () => {
      stopObserving();
      stopMailbox?.();
      hub.close();
      actions.destroy();
    },
  };
}

/** The picture of the graph, laid out when a page first asks (the layout library loads only then). */
async function liveSvg(graph: ArchitectureGraph, stackName: string): Promise<string> {
  const [{ layoutArchitecture }, { renderArchitectureSvg }] = await Promise.all([import('../architecture/layout'), import('../architecture/svg')]);
  return renderArchitectureSvg(await layoutArchitecture(graph), {
    title: `${stackName} — live`,
    subtitle: 'Events travel the arrows as rules match and deliver them. Hover a box or an arrow for its details.',
  });
}

/** An observation without the bulky fields the page does not use (payloads, log lines: the record has them). */
function forThePage(observed: Observed): Observed {
  if (observed.type === 'lambda.started') return { ...observed, payload: '' };
  if (observed.type === 'lambda.ended') return { ...observed, logs: [] };
  return observed;
}
