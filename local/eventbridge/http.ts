import { isAwsServiceError } from '../aws/errors';
import { jsonError, jsonOk, operationOf, parseJsonBody, unknownOperation } from '../aws/protocol-json';
import type { LocalRequest, LocalResponse } from '../aws/request';
import type { LocalServiceRoute } from '../aws/server';
import type { EventBridgeService } from './service';

type Operation = (service: EventBridgeService, input: Record<string, unknown>) => unknown;

const OPERATIONS: Record<string, Operation> = {
  PutEvents: (service, input) => service.putEvents(input.Entries),
  TestEventPattern: (service, input) => service.testEventPattern(input),
  ListRules: (service, input) => service.listRules(input),
  DescribeRule: (service, input) => service.describeRule(input),
  ListTargetsByRule: (service, input) => service.listTargetsByRule(input),
  PutRule: (service, input) => service.putRule(input),
  PutTargets: (service, input) => service.putTargets(input),
  RemoveTargets: (service, input) => service.removeTargets(input),
  DeleteRule: (service, input) => service.deleteRule(input),
  EnableRule: (service, input) => service.enableRule(input),
  DisableRule: (service, input) => service.disableRule(input),
  DescribeEventBus: (service, input) => service.describeEventBus(input),
  ListEventBuses: (service, input) => service.listEventBuses(input),
  DescribeArchive: (service, input) => service.describeArchive(input),
  ListArchives: (service, input) => service.listArchives(input),
  StartReplay: (service, input) => service.startReplay(input),
  DescribeReplay: (service, input) => service.describeReplay(input),
  ListReplays: (service, input) => service.listReplays(input),
  CancelReplay: (service, input) => service.cancelReplay(input),
};

/** The EventBridge awsJson1_1 protocol (`X-Amz-Target: AWSEvents.<Operation>`). */
export async function handleEventBridge(service: EventBridgeService, request: LocalRequest): Promise<LocalResponse> {
  const name = operationOf(request.target);
  try {
    const operation = OPERATIONS[name];
    if (!operation) throw unknownOperation(name);
    return jsonOk(request, '1.1', operation(service, parseJsonBody(request)));
  } catch (error) {
    if (isAwsServiceError(error)) return jsonError(request, '1.1', error);
    throw error;
  }
}

export function eventBridgeRoute(service: EventBridgeService): LocalServiceRoute {
  return {
    name: 'events',
    targetPrefixes: ['AWSEvents'],
    signingNames: ['events'],
    handle: (request) => handleEventBridge(service, request),
  };
}
