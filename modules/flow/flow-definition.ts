/**
 * A flow is one declarative unit of the backend: the events it owns, its functions and what each may touch, the
 * rules, schedules, REST and WebSocket routes that invoke them, and the queues, tables and outputs it needs. The
 * stack lists flows (`modules/flows/index.ts`); the road (`paveFlows`) turns each declaration into resources and
 * gives every function and target the same failure handling, alarms, permissions and local support, so a flow
 * says only what is particular to it. Values that need names or ARNs of other resources are functions of the
 * {@link FlowContext}; everything else is plain data.
 */
import type { FunctionName } from '../../handlers/functions';
import type { ApiBody } from '../../handlers/src/events/api-bodies';
import type { EventName } from '../../handlers/src/events/catalog';
import type { TableLayout } from '../../handlers/src/shared/tables';
import type { EventPattern } from '../event-bus/types';
import type { PolicyStatement } from '../handler-function/policy-statement';
import type { FlowContext, FlowOutputContext } from './flow-context';

/** A value given as is, or computed from the context when the road builds the flow. */
export type Resolvable<T> = T | ((ctx: FlowContext) => T);

/** One Lambda function of a flow; its zip is `handlers/dist/<name>.zip` (the name must be in `FUNCTION_NAMES`). */
export interface FunctionDeclaration {
  /** Environment variables (names, ARNs, tuning), read once by `handlers/src/<name>/config.ts`. @default none */
  readonly environment?: Resolvable<Readonly<Record<string, string>>>;
  /**
   * Exactly the IAM statements the function needs besides writing its own logs and, when it is invoked
   * asynchronously, sending failed events to its dead-letter queue (the road adds those two). Wildcard actions and
   * `Resource: "*"` are refused. @default none
   */
  readonly statements?: Resolvable<readonly PolicyStatement[]>;
  /**
   * Whether something invokes the function asynchronously. Only then does the road give it a dead-letter queue
   * (for both the target's undeliverable events and Lambda's failed asynchronous invocations), an asynchronous-
   * invocation config with Lambda's retries, and that queue's alarm. A function targeted by a rule or a schedule is
   * asynchronous; declaring `false` for one is refused. Set `true` for a function something outside the stack
   * invokes with `InvocationType: Event`.
   * @default whether a rule or schedule of any flow targets the function
   */
  readonly asynchronous?: boolean;
  /**
   * Whether the function takes a reservation from its account's Lambda concurrency budget: the number is the
   * environment's `lambda.reservedConcurrency[<function>]` (an environment that sets none leaves it unreserved).
   * Reserve for functions whose capacity must be guaranteed (the game's hot path, sign-in), not by default:
   * every reservation of every stack in the account counts against the 100 executions Lambda keeps unreserved.
   * @default false
   */
  readonly reservesConcurrency?: boolean;
}

/** Where a rule sends the events it matches. */
export type TargetDeclaration =
  | {
      /** A function of the same flow. The road gives the target its dead-letter queue and the environment's retry policy. */
      readonly function: FunctionName;
      /** Target name, unique across every rule of the bus. @default the function name */
      readonly name?: string;
    }
  | {
      /**
       * A queue of the same flow (by key). Its redrive dead-letter queue is the target's dead-letter queue too, so the
       * queue must declare `redrive`.
       */
      readonly queue: string;
      /** Target name, unique across every rule of the bus. @default the queue key */
      readonly name?: string;
    };

/** A rule on the environment's bus. */
export interface RuleDeclaration {
  /** What the rule is for (shown in the console and the architecture picture). */
  readonly description: string;
  /** The catalog events it matches: the pattern's `source` and `detail-type` come from their entries. */
  readonly events: readonly EventName[];
  /** Further pattern fields (on the detail, the resources …), merged into the pattern. @default none */
  readonly pattern?: EventPattern;
  /**
   * Whether events replayed from the bus archive may reach the targets. Only idempotent targets should see a
   * replay: for any other the road adds `"replay-name": [{"exists": false}]` to the pattern. No default: every
   * rule decides.
   */
  readonly replayed: boolean;
  /** At most five targets, as EventBridge allows. */
  readonly targets: readonly TargetDeclaration[];
}

/** An EventBridge Scheduler schedule group of the flow, named `<prefix>-<name>`. */
export interface ScheduleGroupDeclaration {
  /** Name after the environment prefix. */
  readonly name: string;
  /**
   * Set when the flow's functions create one-time schedules in this group at run time, each putting an event on
   * the bus: the road creates the role Scheduler assumes for them (`events:PutEvents` on the bus, `sqs:SendMessage`
   * on the dead-letter queue, trusted only by Scheduler of this account) and hands its ARN to the context. At most
   * one group per flow. @default no run-time schedules
   */
  readonly runtimeSchedules?: {
    /** Name of the scheduler role after the environment prefix. */
    readonly schedulerRoleName: string;
    /** Key of the flow's queue that receives the events Scheduler could not put on the bus. */
    readonly deadLetterQueue: string;
  };
}

/** A recurring schedule ("serverless cron") invoking a function of the flow. */
export interface ScheduleDeclaration {
  /** What the schedule does. */
  readonly description: string;
  /** Key of the flow's schedule group that holds it. */
  readonly group: string;
  /** `rate(…)`, `cron(…)` or `at(…)`. */
  readonly expression: Resolvable<string>;
  /** The function invoked. The road gives the schedule the function's dead-letter queue and the retry policy. */
  readonly function: FunctionName;
  /** JSON input of the invocation. @default none */
  readonly input?: Resolvable<string>;
}

/** An SQS queue of the flow, named `<prefix>-<name>`, encrypted, with 14 days' retention. */
export interface QueueDeclaration {
  /** Name after the environment prefix. */
  readonly name: string;
  /**
   * `dead-letter` queues hold what failed; the road alarms on their visible messages. `inbox` queues are read by a
   * consumer (outside the stack, or a function).
   */
  readonly kind: 'inbox' | 'dead-letter';
  /** Seconds a received message stays invisible. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Messages received `maxReceiveCount` times move to the flow's queue `deadLetterQueue`. @default no redrive */
  readonly redrive?: { readonly deadLetterQueue: string; readonly maxReceiveCount: number };
}

/** A `POST` REST route that puts its validated body on the bus as a catalog event (no Lambda). */
export interface RouteDeclaration {
  /** Path below the API root, e.g. `captures` or `carts/{cartId}/items`. */
  readonly path: string;
  /** The event put on the bus (its source and detail-type). */
  readonly event: EventName;
  /** The request body's contract: the API Gateway model that refuses bad bodies with a 400. */
  readonly body: ApiBody;
  /** Patterns of the path parameters, copied into the detail. @default none */
  readonly pathParameters?: Readonly<Record<string, string>>;
  /** Detail field that receives the signed-in player (from the token, never the body). */
  readonly callerField: string;
  /** Detail field that receives the attempt id (`Idempotency-Key`, else the request id). @default none */
  readonly attemptIdField?: string;
  /** Body of the 202 answer (`$eventId`, `$attemptId` are substituted). */
  readonly acceptedBody: string;
}

/**
 * The flow's part of the stack's WebSocket API. The API belongs to the one flow that declares `connect`; any flow
 * may add message routes to it.
 */
export interface WebSocketDeclaration {
  /** `$connect` and `$disconnect` go to `handler`; `$connect` is behind the Lambda REQUEST `authorizer`. @default none */
  readonly connect?: { readonly handler: FunctionName; readonly authorizer: FunctionName };
  /**
   * Message routes: route key (the value of the message's `action`) → the function it invokes (synchronously,
   * Lambda proxy), by name or with options. @default none
   */
  readonly routes?: Readonly<Record<string, FunctionName | WebSocketRouteDeclaration>>;
}

/** A WebSocket message route with options. */
export interface WebSocketRouteDeclaration {
  /** The function the route invokes. */
  readonly function: FunctionName;
  /**
   * Two-way: the function's response `body` is sent back to the client on its socket (a `$default` route response;
   * without one API Gateway sends the client nothing,
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html).
   * @default false
   */
  readonly twoWay?: boolean;
}

/** The route's declaration with its options, whichever way it was written. */
export const webSocketRouteOf = (route: FunctionName | WebSocketRouteDeclaration): WebSocketRouteDeclaration =>
  typeof route === 'string' ? { function: route } : route;

/** The stack's Cognito user pool of players, owned by the one flow that declares it. */
export interface UserPoolDeclaration {
  /** The pre sign-up trigger (invoked synchronously by Cognito). */
  readonly preSignUp: FunctionName;
}

/** One flow. */
export interface FlowDefinition {
  /**
   * The flow's name: the construct id of its scope, so it is part of every resource address of the flow (renaming a
   * deployed flow moves its resources: see the README's note on `moved` blocks). Lowercase letters, digits, dashes.
   */
  readonly name: string;
  /** What the flow does, in a sentence. */
  readonly description: string;
  /**
   * The catalog events the flow owns (produces, or is the contract's home): each is published to the schema
   * registry once. Every catalog event is owned by exactly one flow.
   */
  readonly contracts: readonly EventName[];
  /** The functions, by name. @default none */
  readonly functions?: Readonly<Partial<Record<FunctionName, FunctionDeclaration>>>;
  /** Rules by key (`[a-z0-9_]`, unique across the stack; the rule is named `<key with dashes>-rule`). @default none */
  readonly rules?: Readonly<Record<string, RuleDeclaration>>;
  /** Schedule groups by key (unique across the stack). @default none */
  readonly scheduleGroups?: Readonly<Record<string, ScheduleGroupDeclaration>>;
  /** Recurring schedules by key (unique across the stack). @default none */
  readonly schedules?: Readonly<Record<string, ScheduleDeclaration>>;
  /** Queues by key (the construct id in the flow's scope). @default none */
  readonly queues?: Readonly<Record<string, QueueDeclaration>>;
  /**
   * DynamoDB tables the flow owns, by key: named `<prefix>-<key>`, encrypted, on-demand, with the environment's
   * point-in-time recovery and deletion protection; indexes and TTL from the layout. Keys are unique across the
   * stack (every flow's functions may be granted any table through the context). @default none
   */
  readonly tables?: Readonly<Record<string, TableLayout>>;
  /** REST routes. @default none */
  readonly routes?: readonly RouteDeclaration[];
  /** WebSocket routes. @default none */
  readonly webSocket?: WebSocketDeclaration;
  /** The players' user pool. @default none */
  readonly userPool?: UserPoolDeclaration;
  /**
   * SES identities the flow sends e-mail from, by key: each is an `aws_sesv2_email_identity` of the stack (the
   * address or domain comes from the environment config). @default none
   */
  readonly emailIdentities?: Readonly<Record<string, Resolvable<string>>>;
  /** Stack outputs by name (unique across the stack). @default none */
  readonly outputs?: (ctx: FlowOutputContext) => Readonly<Record<string, string>>;
}

/** Declares a flow; the road validates it with every other flow of the stack. */
export function defineFlow(definition: FlowDefinition): FlowDefinition {
  return definition;
}
