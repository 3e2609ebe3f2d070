/**
 * Authorization of what services do on their own: EventBridge delivering to a rule's targets and dead-letter
 * queue (the target's resource policy must allow `events.amazonaws.com` for that rule), EventBridge Scheduler and
 * API Gateway assuming their roles (trust policy) and calling with them, Lambda writing a function's logs and
 * sending its asynchronous results to destinations with the function's execution role.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-request-basic-setup.html
 */
import { arnService, parseArn } from '../aws/arn';
import { AwsServiceError } from '../aws/errors';
import type { Authorizer, Denial, IamCall } from './authorizer';
import type { SessionCredentials } from './credentials';
import type { Principal } from './evaluate';

/** The AccessDenied error each service answers a denied call with (status as the service sends it). */
function accessDenied(service: string | undefined, denial: Denial): AwsServiceError {
  switch (service) {
    case 'sqs':
      return new AwsServiceError('AccessDeniedException', denial.message, 403, {}, 'Sender', 'AccessDenied');
    case 'events':
    case 'dynamodb':
      return new AwsServiceError('AccessDeniedException', denial.message, 400);
    default:
      return new AwsServiceError('AccessDeniedException', denial.message, 403);
  }
}

/** The call that delivers to a target ARN (Lambda, SQS, CloudWatch Logs, an event bus). */
function deliveryCalls(targetArn: string, logStream: string): IamCall[] {
  const parsed = parseArn(targetArn);
  switch (parsed?.service) {
    case 'lambda':
      return [{ action: 'lambda:InvokeFunction', resource: targetArn }];
    case 'sqs':
      return [{ action: 'sqs:SendMessage', resource: targetArn }];
    case 'events':
      return [{ action: 'events:PutEvents', resource: targetArn }];
    case 'logs': {
      const group = targetArn.replace(/:\*$/, '');
      const stream = `${group}:log-stream:${logStream}`;
      return [
        { action: 'logs:CreateLogStream', resource: stream },
        { action: 'logs:PutLogEvents', resource: stream },
      ];
    }
    default:
      return [];
  }
}

export class DeliveryAuthorizations {
  private readonly logDecisions = new Map<string, boolean>();

  constructor(
    private readonly authorizer: Authorizer,
    private readonly accountId: string,
  ) {}

  private enforce(principal: Principal, calls: IamCall[], service: string | undefined): void {
    const denial = this.authorizer.authorize(principal, calls, { lowerCaseAction: service === 'sqs' });
    if (denial) throw accessDenied(service, denial);
  }

  /** EventBridge invokes a rule's target: the target's resource policy must allow the rule. */
  ruleTarget(targetArn: string, ruleArn: string): void {
    const context = { 'aws:SourceArn': ruleArn, 'aws:SourceAccount': this.accountId };
    const calls = deliveryCalls(targetArn, 'eventbridge').map((call) => ({ ...call, context }));
    this.enforce(this.authorizer.service('events.amazonaws.com'), calls, arnService(targetArn));
  }

  /** EventBridge sends an undeliverable event to the target's dead-letter queue: the queue policy must allow it. */
  ruleDeadLetter(queueArn: string, ruleArn: string): void {
    this.enforce(this.authorizer.service('events.amazonaws.com'), [{ action: 'sqs:SendMessage', resource: queueArn, context: { 'aws:SourceArn': ruleArn, 'aws:SourceAccount': this.accountId } }], 'sqs');
  }

  /** A service assumes a role; throws the service's AccessDenied when the trust policy does not let it. */
  assume(service: string, roleArn: string, sourceArn: string, sessionName: string): { principal: Principal; credentials: SessionCredentials } {
    const result = this.authorizer.assumeRole(service, roleArn, sessionName, { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': this.accountId });
    if ('denial' in result) throw accessDenied('sts', result.denial);
    return { principal: result.session, credentials: result.credentials };
  }

  /** EventBridge Scheduler assumes the schedule's execution role and invokes (or dead-letters to) `targetArn`. */
  schedule(roleArn: string, scheduleArn: string, targetArn: string): void {
    if (this.authorizer.mode === 'off') return;
    const { principal } = this.assume('scheduler.amazonaws.com', roleArn, scheduleArn, scheduleArn.split('/').pop() ?? 'schedule');
    this.enforce(principal, deliveryCalls(targetArn, 'scheduler'), arnService(targetArn));
  }

  /** Lambda sends an asynchronous invocation record to a destination with the function's execution role. */
  functionDestination(roleArn: string | undefined, functionName: string, destinationArn: string): void {
    if (!roleArn || this.authorizer.mode === 'off') return;
    const principal = this.authorizer.principalOf(this.authorizer.issue(roleArn, functionName).accessKeyId) as Principal;
    this.enforce(principal, deliveryCalls(destinationArn, functionName), arnService(destinationArn));
  }

  /**
   * Whether Lambda may write the function's logs to its log group with the execution role (on AWS the lines are
   * lost otherwise: the function still runs). Decided once per function.
   */
  functionLogs(roleArn: string | undefined, functionName: string, logGroupArn: string): boolean {
    if (!roleArn || this.authorizer.mode === 'off') return true;
    let allowed = this.logDecisions.get(functionName);
    if (allowed === undefined) {
      const principal = this.authorizer.principalOf(this.authorizer.issue(roleArn, functionName).accessKeyId) as Principal;
      allowed = this.authorizer.authorize(principal, deliveryCalls(logGroupArn, `${functionName}/[$LATEST]`)) === undefined;
      this.logDecisions.set(functionName, allowed);
    }
    return allowed;
  }

  /** API Gateway invokes a function (a WebSocket route): the function's permissions must allow the route's ARN. */
  apiGatewayInvoke(functionArn: string, sourceArn: string): void {
    this.enforce(this.authorizer.service('apigateway.amazonaws.com'), [{ action: 'lambda:InvokeFunction', resource: functionArn, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': this.accountId } }], 'lambda');
  }
}
