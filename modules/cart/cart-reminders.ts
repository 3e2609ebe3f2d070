import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { apiBodies, catalog, CART_ID_PATTERN, toJsonSchemaDraft4 } from '../../handlers/src/events';
import type { EnvironmentConfig } from '../config/environment-config';
import type { EventRoute } from '../event-api';
import type { EventBusRule, EventBusScheduleGroup, EventPattern } from '../event-bus';
import { EncryptedQueue } from '../queue';
import { createGameFunction, GameFunction } from '../handler-function';

/** Props of {@link CartReminders}. */
export interface CartRemindersProps {
  readonly config: EnvironmentConfig;
  /** Directory holding the handler zips. */
  readonly distDir: string;
  /** Name and ARN of the bus reminders are put on. */
  readonly busName: string;
  readonly busArn: string;
  /** Pattern fragment that keeps replayed events away from rules with side effects. */
  readonly notReplayed: EventPattern;
}

/** The key of the reminder schedule group in the bus's `scheduleGroups`. */
export const REMINDER_SCHEDULE_GROUP_KEY = 'cart_reminders';

/**
 * The shopping-cart reminder: `POST /carts/{cartId}/items` and `/checkout` put events straight on the bus; the
 * cart-reminder function keeps one one-time EventBridge Scheduler schedule per cart (created or moved later on
 * `cart.item_added`, deleted on `cart.checked_out`); when it fires, Scheduler puts `cart.reminder_due` on the
 * bus, and a rule sends it to the `cart-reminders` queue the e-mail service reads.
 */
export class CartReminders extends Construct {
  /** The cart-reminder function and its DLQ. */
  public readonly reminderFunction: GameFunction;
  /** The e-mail service's inbox. */
  public readonly remindersQueue: EncryptedQueue;
  /** Where messages go that the e-mail service failed to process, and reminders EventBridge could not deliver. */
  public readonly remindersDlq: EncryptedQueue;
  /** Where reminders go that Scheduler could not put on the bus. */
  public readonly scheduleDlq: EncryptedQueue;
  /** The role Scheduler assumes to put reminders on the bus. */
  public readonly schedulerRole: IamRole;
  /** The schedule group that holds one pending reminder per cart. */
  public readonly scheduleGroupName: string;

  constructor(scope: Construct, id: string, private readonly props: CartRemindersProps) {
    super(scope, id);
    const { config } = props;
    const prefix = config.namePrefix;
    this.scheduleGroupName = `${prefix}-cart-reminders`;
    const scheduleArns = `arn:aws:scheduler:${config.region}:${config.accountId}:schedule/${this.scheduleGroupName}/*`;

    this.remindersDlq = new EncryptedQueue(this, 'reminders-dlq', { queueName: `${prefix}-cart-reminders-dlq` });
    this.remindersQueue = new EncryptedQueue(this, 'reminders', {
      queueName: `${prefix}-cart-reminders`,
      visibilityTimeoutSeconds: 60,
      deadLetterQueue: this.remindersDlq.queue,
      maxReceiveCount: 5,
    });
    this.scheduleDlq = new EncryptedQueue(this, 'schedule-dlq', { queueName: `${prefix}-cart-reminder-schedules-dlq` });

    this.schedulerRole = new IamRole(this, 'scheduler-role', {
      name: `${prefix}-cart-reminder-scheduler`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': config.accountId } },
          },
        ],
      }),
    });
    new IamRolePolicy(this, 'scheduler-policy', {
      name: `${prefix}-cart-reminder-scheduler`,
      role: this.schedulerRole.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'PutRemindersOnTheBus', Effect: 'Allow', Action: ['events:PutEvents'], Resource: [props.busArn] },
          { Sid: 'DeadLetterReminders', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [this.scheduleDlq.queue.arn] },
        ],
      }),
    });

    this.reminderFunction = createGameFunction(this, 'cart-reminder', config, props.distDir, {
      environment: {
        SCHEDULE_GROUP_NAME: this.scheduleGroupName,
        REMINDER_DELAY_SECONDS: String(config.cart.reminderDelaySeconds),
        EVENT_BUS_ARN: props.busArn,
        SCHEDULER_ROLE_ARN: this.schedulerRole.arn,
        SCHEDULE_DLQ_ARN: this.scheduleDlq.queue.arn,
        SCHEDULE_MAX_RETRY_ATTEMPTS: String(config.retryPolicy.maximumRetryAttempts),
        SCHEDULE_MAX_EVENT_AGE_SECONDS: String(config.retryPolicy.maximumEventAgeSeconds),
      },
      statements: [
        {
          sid: 'ManageCartReminderSchedules',
          actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:GetSchedule', 'scheduler:DeleteSchedule'],
          resources: [scheduleArns],
        },
        {
          sid: 'PassSchedulerRole',
          actions: ['iam:PassRole'],
          resources: [this.schedulerRole.arn],
          condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        },
      ],
    });
  }

  /** The schedule group, for the bus's `scheduleGroups`. */
  public get scheduleGroups(): Record<string, EventBusScheduleGroup> {
    return { [REMINDER_SCHEDULE_GROUP_KEY]: { name: this.scheduleGroupName } };
  }

  /** The bus rules of the cart flow. */
  public get rules(): Record<string, EventBusRule> {
    const { retryPolicy } = this.props.config;
    return {
      cart_activity: {
        description: 'Cart activity keeps one reminder schedule per cart (not replayed: reminders reach customers)',
        eventPattern: {
          source: [catalog.cartItemAdded.source],
          'detail-type': [catalog.cartItemAdded.detailType, catalog.cartCheckedOut.detailType],
          ...this.props.notReplayed,
        },
        targets: [
          {
            kind: 'lambda',
            name: 'cart-reminder',
            function: this.reminderFunction.handler.function,
            deadLetterQueue: this.reminderFunction.deadLetterQueue.queue,
            retryPolicy,
          },
        ],
      },
      cart_reminder_due: {
        description: 'Due reminders go to the e-mail service inbox (not replayed: e-mails are not idempotent)',
        eventPattern: {
          source: [catalog.cartReminderDue.source],
          'detail-type': [catalog.cartReminderDue.detailType],
          ...this.props.notReplayed,
        },
        targets: [{ kind: 'sqs', name: 'cart-reminders', queue: this.remindersQueue.queue, deadLetterQueue: this.remindersDlq.queue, retryPolicy }],
      },
    };
  }

  /** The REST routes of the cart flow. */
  public get routes(): EventRoute[] {
    const cartId = { cartId: CART_ID_PATTERN };
    return [
      {
        path: 'carts/{cartId}/items',
        model: { name: apiBodies.cartItem.modelName, schema: toJsonSchemaDraft4(apiBodies.cartItem.schema, { title: apiBodies.cartItem.modelName }) },
        source: catalog.cartItemAdded.source,
        detailType: catalog.cartItemAdded.detailType,
        pathParameters: cartId,
        callerField: 'user',
        acceptedBody: '{"message":"message received","eventId":"$eventId"}',
      },
      {
        path: 'carts/{cartId}/checkout',
        model: { name: apiBodies.checkout.modelName, schema: toJsonSchemaDraft4(apiBodies.checkout.schema, { title: apiBodies.checkout.modelName }) },
        source: catalog.cartCheckedOut.source,
        detailType: catalog.cartCheckedOut.detailType,
        pathParameters: cartId,
        callerField: 'user',
        acceptedBody: '{"message":"message received","eventId":"$eventId"}',
      },
    ];
  }
}
