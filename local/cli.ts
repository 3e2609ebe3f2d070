import { parseArgs } from 'node:util';
import { LocalStack, startLocalStack } from './runtime';

const USAGE = `usage: npm start -- [--env dev|staging|prod|pr-<id>] [--data-dir <dir>] [--logs-dir <dir>] [--aws-port 4566] [--api-port 3000] [--ws-port 3001]`;

function describe(stack: LocalStack): string {
  const { config } = stack;
  const lines = [
    `${stack.stackName} is running: ready ${(process.uptime()).toFixed(2)} s after the process started (${(stack.startupMs / 1000).toFixed(2)} s to build, synthesize and start)`,
    '',
    'Endpoints',
    `  AWS (EventBridge, Scheduler, Lambda, SQS, DynamoDB, STS)  ${stack.awsEndpoint}`,
    `  REST API                                                   ${stack.restUrl}`,
    `  WebSocket API                                              ${stack.webSocketUrl}`,
    `  Log groups (debug log: every event on the bus)             ${stack.logsDir}`,
    ...config.userPools.map((p) => `  Players: Cognito user pool ${p.name} ${p.id} (a token: npm run --silent player -- <name>)`),
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
    '',
    'Schedules',
    ...config.schedules.map((s) => `  ${s.groupName ?? 'default'}/${s.name}  ${s.scheduleExpression} → ${s.target.arn.split(':').pop()}`),
    ...config.scheduleGroups.map((g) => `  group ${g.name}`),
    '',
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
  const stack = await startLocalStack({
    env: values.env,
    dataDir: values['data-dir'],
    logsDir: values['logs-dir'],
    awsPort: port('aws-port', values['aws-port']),
    restPort: port('api-port', values['api-port']),
    webSocketPort: port('ws-port', values['ws-port']),
  });
  console.log(describe(stack));
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
