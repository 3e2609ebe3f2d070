/**
 * EventBridge Scheduler requests as IAM sees them: schedule operations on `schedule/<group>/<name>`; creating or
 * updating a schedule also passes its execution role (`iam:PassRole` with `iam:PassedToService`).
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
 */
import { parseRestJsonBody, matchPath } from '../../aws/protocol-rest';
import type { IamCall } from '../authorizer';
import { arnOf, text, wildcardOnly, type CallsOf } from './request-calls';

const OPERATIONS: Record<string, string> = { POST: 'Create', PUT: 'Update', GET: 'Get', DELETE: 'Delete' };

export const schedulerCalls: CallsOf = (request, scope) => {
  const verb = OPERATIONS[request.method];
  const schedule = matchPath('/schedules/{Name}', request.url.pathname);
  const group = matchPath('/schedule-groups/{Name}', request.url.pathname);
  if (verb && schedule) {
    const body = request.method === 'POST' || request.method === 'PUT' ? parseRestJsonBody(request) : {};
    const action = `scheduler:${verb}Schedule`;
    const groupName = text(body.GroupName) ?? text(request.url.searchParams.get('groupName')) ?? 'default';
    const calls: IamCall[] = [{ action, resource: arnOf(scope, action, 'schedule', { GroupName: groupName, ScheduleName: schedule.Name as string }) }];
    const roleArn = text((body.Target as Record<string, unknown> | undefined)?.RoleArn);
    if (roleArn) calls.push({ action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    return calls;
  }
  if (verb && group) {
    const action = `scheduler:${verb}ScheduleGroup`;
    return [{ action, resource: arnOf(scope, action, 'schedule-group', { GroupName: group.Name as string }) }];
  }
  const list = request.url.pathname.startsWith('/schedule-groups') ? 'scheduler:ListScheduleGroups' : request.url.pathname.startsWith('/schedules') ? 'scheduler:ListSchedules' : undefined;
  if (list) return [wildcardOnly(scope, list) ?? { action: list, resource: '*' }];
  return [];
};
