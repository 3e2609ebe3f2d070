import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
  type GetScheduleCommandOutput,
  type UpdateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { errorName } from '../shared/errors';

export function createSchedulerClient(): SchedulerClient {
  return new SchedulerClient({});
}

export type ScheduleDefinition = CreateScheduleCommandInput;
export type ExistingSchedule = GetScheduleCommandOutput;

/** EventBridge Scheduler I/O for one schedule group. */
export interface ReminderScheduler {
  /** `created`, or `exists` when a schedule with that name is already there (ConflictException). */
  create(definition: ScheduleDefinition): Promise<'created' | 'exists'>;
  /** The schedule, or undefined when it does not exist. */
  get(name: string, groupName: string): Promise<ExistingSchedule | undefined>;
  /** `updated`, or `not_found` when the schedule disappeared meanwhile. */
  update(definition: UpdateScheduleCommandInput): Promise<'updated' | 'not_found'>;
  /** `deleted`, or `not_found` (fine: nothing was pending). */
  delete(name: string, groupName: string, clientToken?: string): Promise<'deleted' | 'not_found'>;
}

export function schedulerAdapter(client: SchedulerClient): ReminderScheduler {
  return {
    async create(definition) {
      try {
        await client.send(new CreateScheduleCommand(definition));
        return 'created';
      } catch (error) {
        if (errorName(error) === 'ConflictException') return 'exists';
        throw error;
      }
    },
    async get(name, groupName) {
      try {
        return await client.send(new GetScheduleCommand({ Name: name, GroupName: groupName }));
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') return undefined;
        throw error;
      }
    },
    async update(definition) {
      try {
        await client.send(new UpdateScheduleCommand(definition));
        return 'updated';
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') return 'not_found';
        throw error;
      }
    },
    async delete(name, groupName, clientToken) {
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName: groupName, ...(clientToken ? { ClientToken: clientToken } : {}) }));
        return 'deleted';
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') return 'not_found';
        throw error;
      }
    },
  };
}
