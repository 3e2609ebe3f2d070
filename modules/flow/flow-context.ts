import type { EnvironmentConfig } from '../config/environment-config';

/** A DynamoDB table as a flow's statements and environment need it. */
export interface TableHandle {
  /** Full table name. */
  readonly name: string;
  readonly arn: string;
  /** ARN of one of its indexes (for `dynamodb:Query` on the index). */
  indexArn(indexName: string): string;
}

/** An SQS queue of the flow. */
export interface QueueHandle {
  /** Full queue name. */
  readonly name: string;
  readonly arn: string;
  readonly url: string;
}

/** A schedule group of the flow. */
export interface ScheduleGroupHandle {
  /** Full group name. */
  readonly name: string;
  /** ARN pattern of every schedule in the group (`…:schedule/<group>/*`), for the functions that manage them. */
  readonly scheduleArns: string;
  /** The role Scheduler assumes for schedules created at run time (when the group declares `runtimeSchedules`). */
  readonly schedulerRoleArn?: string;
}

/** The stack's WebSocket API. */
export interface WebSocketHandle {
  /** `https://{api}.execute-api.{region}.amazonaws.com/{stage}`: where `PostToConnection` goes. */
  readonly managementEndpoint: string;
  /** ARN pattern of `POST @connections/*` on the stage, for `execute-api:ManageConnections`. */
  readonly postToConnectionArn: string;
  /** The URL players connect to. */
  readonly url: string;
}

/** The stack's user pool of players. */
export interface PlayersHandle {
  /** The `iss` of the pool's tokens. */
  readonly issuer: string;
  /** The game's app client id (the `aud` of its ID tokens). */
  readonly clientId: string;
  readonly poolId: string;
  readonly poolArn: string;
}

/** An SES identity a flow sends from. */
export interface EmailIdentityHandle {
  /** The address or domain. */
  readonly identity: string;
  /** `arn:aws:ses:<region>:<account>:identity/<identity>`: the resource `ses:SendEmail` is authorized on. */
  readonly arn: string;
}

/**
 * What a flow's resolvers see when the road builds it: the environment, the bus, every flow's tables, the flow's own
 * queues, schedule groups and e-mail identities, and the stack's edges (WebSocket API, user pool). Accessing an
 * edge no flow declares throws an error naming it.
 */
export interface FlowContext {
  readonly config: EnvironmentConfig;
  /** The environment's bus. */
  readonly bus: { readonly name: string; readonly arn: string };
  /** Every flow's tables, by key. */
  readonly tables: Readonly<Record<string, TableHandle>>;
  /** This flow's queues, by key. */
  readonly queues: Readonly<Record<string, QueueHandle>>;
  /** This flow's schedule groups, by key. */
  readonly scheduleGroups: Readonly<Record<string, ScheduleGroupHandle>>;
  /** This flow's SES identities, by key. */
  readonly emailIdentities: Readonly<Record<string, EmailIdentityHandle>>;
  /** The stack's WebSocket API. */
  readonly webSocket: WebSocketHandle;
  /** The stack's user pool of players. */
  readonly players: PlayersHandle;
}

/** A function of the flow, once built. */
export interface FunctionHandle {
  /** Full function name. */
  readonly functionName: string;
  readonly arn: string;
}

/** What a flow's outputs see: the context and the flow's functions. */
export interface FlowOutputContext extends FlowContext {
  readonly functions: Readonly<Record<string, FunctionHandle>>;
}
