import { AwsServiceError, isAwsServiceError } from '../aws/errors';
import { matchPath, parseRestJsonBody, restJson, restJsonError } from '../aws/protocol-rest';
import type { LocalRequest, LocalResponse } from '../aws/request';
import type { LocalServiceRoute } from '../aws/server';
import type { SchedulerService } from './service';

type Handler = (service: SchedulerService, params: Record<string, string>, request: LocalRequest) => LocalResponse;

const q = (request: LocalRequest, name: string): string | null => request.url.searchParams.get(name);

const ROUTES: Array<[string, string, Handler]> = [
  ['POST', '/schedules/{Name}', (service, params, request) => restJson(request, 200, service.createSchedule(params.Name, parseRestJsonBody(request)))],
  ['PUT', '/schedules/{Name}', (service, params, request) => restJson(request, 200, service.updateSchedule(params.Name, parseRestJsonBody(request)))],
  ['GET', '/schedules/{Name}', (service, params, request) => restJson(request, 200, service.getSchedule(params.Name, q(request, 'groupName')))],
  [
    'DELETE',
    '/schedules/{Name}',
    (service, params, request) => {
      service.deleteSchedule(params.Name, q(request, 'groupName'));
      return restJson(request, 200, {});
    },
  ],
  [
    'GET',
    '/schedules',
    (service, _params, request) =>
      restJson(
        request,
        200,
        service.listSchedules({
          ScheduleGroup: q(request, 'ScheduleGroup'),
          NamePrefix: q(request, 'NamePrefix'),
          State: q(request, 'State'),
          MaxResults: q(request, 'MaxResults'),
          NextToken: q(request, 'NextToken'),
        }),
      ),
  ],
  ['POST', '/schedule-groups/{Name}', (service, params, request) => restJson(request, 200, service.createScheduleGroup(params.Name, parseRestJsonBody(request)))],
  ['GET', '/schedule-groups/{Name}', (service, params, request) => restJson(request, 200, service.getScheduleGroup(params.Name))],
  [
    'DELETE',
    '/schedule-groups/{Name}',
    (service, params, request) => {
      service.deleteScheduleGroup(params.Name);
      return restJson(request, 200, {});
    },
  ],
  [
    'GET',
    '/schedule-groups',
    (service, _params, request) =>
      restJson(request, 200, service.listScheduleGroups({ NamePrefix: q(request, 'NamePrefix'), MaxResults: q(request, 'MaxResults'), NextToken: q(request, 'NextToken') })),
  ],
  ['GET', '/tags/{ResourceArn}', (_service, _params, request) => restJson(request, 200, { Tags: [] })],
];

/** The EventBridge Scheduler restJson1 API. */
export function schedulerRoute(service: SchedulerService): LocalServiceRoute {
  return {
    name: 'scheduler',
    signingNames: ['scheduler'],
    matches: (request) => /^\/(schedules|schedule-groups)(\/|$)/.test(request.url.pathname),
    handle: (request) => handleScheduler(service, request),
  };
}

export function handleScheduler(service: SchedulerService, request: LocalRequest): LocalResponse {
  try {
    for (const [method, template, handler] of ROUTES) {
      if (method !== request.method) continue;
      const params = matchPath(template, request.url.pathname);
      if (params) return handler(service, params, request);
    }
    throw new AwsServiceError('UnknownOperationException', `No local Scheduler operation for ${request.method} ${request.url.pathname}`, 400);
  } catch (error) {
    if (isAwsServiceError(error)) return restJsonError(request, error);
    throw error;
  }
}
