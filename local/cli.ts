import { parseArgs } from 'node:util';
import { parseEnvironmentName } from '../modules/config/environments';
import { assertPortsFree, runtimePorts } from './free-port';
import { IAM_MODES, isIamMode, type IamMode } from './iam/mode';
import type { LocalStack } from './runtime';

const USAGE = `usage: npm start -- [--env dev|staging|prod|pr-<id>] [--no-synth] [--data-dir <dir>] [--logs-dir <dir>] [--aws-port 4566] [--api-port 3000] [--ws-port 3001] [--iam enforce|warn|off] [--ses-sandbox] [--console-events 1000] [--verbose]

  --env       the environment whose synthesized stack runs (default dev)
  --no-synth  run what is already in cdktf.out/stacks/fakemon-<env>/ as it is: no handler build, no synth
  --data-dir  keep DynamoDB tables, queues, archives and API-created schedules here across restarts (default: in memory)
  --logs-dir  where CloudWatch Logs log groups are written, one file each, e.g. the debug log of every event
              (default <data-dir>/logs, else .local-data/<stack>/logs)
  --aws-port, --api-port, --ws-port
              ports of the AWS endpoint, the REST API and the WebSocket API (0 = any free port)
  --iam       enforce (default): refuse what the stack's IAM and resource policies do not allow, as AWS does;
              warn: report it and let it through; off: evaluate nothing
  --ses-sandbox
              model an SES account in the sandbox: recipients must be verified identities too (default: production
              access, where only senders must be verified)
  --console-events
              how many events the console's event log keeps (default 1000; the oldest go first)
  --verbose   also print Lambda's START/END/REPORT lines for every invocation`;

const IAM_DESCRIPTIONS: Record<IamMode, string> = {
  enforce: "enforced: functions, rules, schedules and API integrations get only what the stack's policies allow (your own CLI/SDK calls are the account's administrator)",
  warn: 'warn: every request the stack\'s policies would refuse on AWS is reported, and let through',
  off: 'off: nothing is evaluated; every request is allowed',
};

/** `nodejs22.x` → 22. */
const runtimeMajor = (runtime: string): number | undefined => {
  const match = /^nodejs(\d+)/.exec(runtime);
  return match ? Number(match[1]) : undefined;
};

/** One line when functions declare a newer Node.js than the one that runs them here. */
function nodeVersionNote(runtimes: readonly string[]): string[] {
  const declared = [...new Set(runtimes)].filter((r) => (runtimeMajor(r) ?? 0) > Number(process.versions.node.split('.')[0]));
  return declared.length > 0 ? [`  (they declare ${declared.join(', ')}; locally they run on this machine's Node.js ${process.version})`] : [];
}

function describe(stack: LocalStack, verbose: boolean): string {
  const { config } = stack;
  const lines = [
    `${stack.stackName} is running: ready ${(process.uptime()).toFixed(2)} s after the process started (${(stack.startupMs / 1000).toFixed(2)} s to build, synthesize and start)`,
    '',
    'Endpoints',
    `  AWS (EventBridge, Scheduler, Lambda, SQS, DynamoDB, STS)  ${stack.awsEndpoint}`,
    `  REST API                                                   ${stack.restUrl}`,
    `  WebSocket API                                              ${stack.webSocketUrl}`,
    `  Console (live graph, events, dead letters, schedules…)     ${stack.consoleUrl}`,
    `  Log groups (debug log: every event on the bus)             ${stack.logsDir}`,
    `  SES: sent e-mails                                          GET ${stack.awsEndpoint}/_aws/ses`,
    ...config.userPools.map((p) => `  Players: Cognito user pool ${p.name} ${p.id} (a token: npm run --silent player -- <name>)`),
    `  IAM and resource policies (denials: GET ${stack.awsEndpoint}/_local/iam)`,
    '',
    `IAM  ${IAM_DESCRIPTIONS[stack.iam.mode]}`,
    ...stack.iam.notes.map((note) => `  note: ${note}`),
    '',
    `SES  ${stack.aws.services.ses.sandbox ? 'sandbox: senders and recipients must be verified identities' : 'production access: senders must be verified identities'}; verified: ${config.ses.identities.map((i) => i.identity).join(', ') || 'none'}`,
    '',
    'Routes',
    ...config.restApis.flatMap((api) => api.routes.map((r) => `  ${r.httpMethod} ${stack.restUrl}${r.path}`)),
    ...config.webSocketApis.flatMap((api) => Object.entries(api.routes).map(([key, r]) => `  ${key} → ${r.functionName}`)),
    '',
    'Rules',
    ...config.buses.flatMap((bus) =>
      bus.rules.map((rule) => `  ${bus.name}/${rule.name}  ${JSON.stringify(rule.eventPattern)} → ${rule.targets.map((t) => t.arn.split(':').pop()).join(', ')}`),
    ),
    '',
    'Functions',
    ...config.functions.map((f) => `  ${f.name}  (${f.timeoutSeconds}s, ${f.memoryMb} MB${f.reservedConcurrency === undefined ? '' : `, reserved ${f.reservedConcurrency}`})`),
    ...nodeVersionNote(config.functions.map((f) => f.runtime)),
    '',
    'Schedules',
    ...config.schedules.map((s) => `  ${s.groupName ?? 'default'}/${s.name}  ${s.scheduleExpression} → ${s.target.arn.split(':').pop()}`),
    ...config.scheduleGroups.map((g) => `  group ${g.name}`),
    '',
    'No local effect (deployed on AWS, not run here)',
    ...config.noLocalEffect.map(
      (group) => `  ${Object.entries(group.resources).map(([type, count]) => `${count} ${type}`).join(', ')}: ${group.reason}`,
    ),
    '',
    `Function output follows, each line prefixed with [function]${verbose ? '' : "; --verbose adds Lambda's START/END/REPORT lines"}.`,
    'Press Ctrl+C to stop.',
  ];
  return lines.join('\n');
}

// `npm start`: run one environment's synthesized stack on loopback until SIGINT/SIGTERM.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string', default: 'dev' },
      'data-dir': { type: 'string' },
      'logs-dir': { type: 'string' },
      'aws-port': { type: 'string', default: '4566' },
      'api-port': { type: 'string', default: '3000' },
      'ws-port': { type: 'string', default: '3001' },
      iam: { type: 'string', default: 'enforce' },
      verbose: { type: 'boolean', default: false },
      'ses-sandbox': { type: 'boolean', default: false },
      'console-events': { type: 'string', default: '1000' },
      // Run what is already in cdktf.out: no handler build, no synth.
      'no-synth': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = (name: string, value: string | undefined): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name} must be a port number\n${USAGE}`);
    return n;
  };
  const ports = { awsPort: port('aws-port', values['aws-port']), restPort: port('api-port', values['api-port']), webSocketPort: port('ws-port', values['ws-port']) };
  const consoleEventLimit = Number(values['console-events']);
  if (!Number.isInteger(consoleEventLimit) || consoleEventLimit < 1) throw new Error(`--console-events must be a positive integer, got "${values['console-events']}"\n${USAGE}`);
  const iam = values.iam ?? 'enforce';
  if (!isIamMode(iam)) throw new Error(`--iam must be one of ${IAM_MODES.join(', ')}, got "${iam}"\n${USAGE}`);
  // Bad input fails before the runtime (and the cdktf app it synthesizes) is even loaded.
  parseEnvironmentName(values.env);
  await assertPortsFree('127.0.0.1', runtimePorts(ports));
  const { startLocalStack } = await import('./runtime');
  const stack = await startLocalStack({ env: values.env, dataDir: values['data-dir'], logsDir: values['logs-dir'], ...ports,
    iam,
    sesSandbox: values['ses-sandbox'],
    verbose: values.verbose,
    consoleEventLimit,
    ...(values['no-synth'] ? { build: false, synth: false } : {}),
  });
  console.log(describe(stack, values.verbose));
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ${stack.stackName}…`);
    stack.stop().then(
      () => {
        console.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
