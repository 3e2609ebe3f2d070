/**
 * The local console in a real browser (Debian's Chromium driven by playwright-core) against the dev stack running
 * locally, as a developer uses it: what it lists comes from the synthesized stack, what it shows is pushed by the
 * runtime, and its buttons act on the runtime.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteFunctionConcurrencyCommand, LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateEmailIdentityCommand, SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Browser, Page } from 'playwright-core';
import type { LocalStack } from '../../local/runtime';
import { launchChromium, newPage, screenshot } from './support/chromium';
import { clientOf, startDevStack } from './support/local-stack';

jest.setTimeout(180_000);

let stack: LocalStack;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const run = Date.now().toString(36);
const WAIT = { timeout: 30_000 };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startDevStack(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});
beforeEach(async () => {
  ({ page, errors: pageErrors } = await newPage(browser));
  await page.goto(stack.consoleUrl);
  try {
    await page.locator('[data-testid=connection]', { hasText: 'live' }).waitFor(WAIT);
  } catch (error) {
    const file = await screenshot(page, `failed-to-connect-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`);
    throw new Error(`the console did not connect to the runtime (${(error as Error).message}); page errors: ${JSON.stringify(pageErrors)}; screenshot ${file}`);
  }
});
afterEach(async () => {
  await page?.close();
  // The page threw nothing and logged no error while the test used it.
  expect(pageErrors).toEqual([]);
});

const entryOf = (eventId: string): string => `[data-testid=log-entry][data-event-id="${eventId}"]`;

/** Sends an event with the console's form and answers the event id the page reports. */
async function sendFromForm(catalogName: string, detail: unknown): Promise<string> {
  await page.selectOption('[data-testid=send-catalog]', catalogName);
  await page.fill('[data-testid=send-detail]', JSON.stringify(detail, null, 2));
  await page.click('[data-testid=send-submit]');
  const result = page.locator('[data-testid=send-result] button');
  await result.waitFor(WAIT);
  return String(await result.textContent());
}

async function waitForStatus(eventId: string, status: string): Promise<void> {
  await page.locator(`${entryOf(eventId)} [data-status=${status}]`).waitFor(WAIT);
}

describe('the local console', () => {
  it('lists every rule and every function of the synthesized stack, and draws each of them', async () => {
    const rules = stack.config.buses.flatMap((bus) => bus.rules);
    const functions = stack.config.functions;
    expect(rules.length).toBeGreaterThan(0);
    expect(functions.length).toBeGreaterThan(0);
    await page.locator('[data-testid=rule-row]').first().waitFor(WAIT);
    const listedRules = await page.$$eval('[data-testid=rule-row]', (rows) => rows.map((row) => row.getAttribute('data-arn')));
    expect([...listedRules].sort()).toEqual(rules.map((r) => r.arn).sort());
    const listedFunctions = await page.$$eval('[data-testid=function-row]', (rows) => rows.map((row) => row.getAttribute('data-function')));
    expect([...listedFunctions].sort()).toEqual(functions.map((f) => f.name).sort());
    await page.locator('[data-testid=architecture] svg g.node').first().waitFor(WAIT);
    for (const arn of [...rules.map((r) => r.arn), ...functions.map((f) => f.arn)]) {
      expect(await page.locator(`[data-testid=architecture] svg g.node[data-arn="${arn}"]`).count()).toBe(1);
    }
    expect(await page.textContent('[data-testid=stack-name]')).toContain(stack.stackName);
    await screenshot(page, 'console-architecture');
  });

  it('checks a detail against its contract before sending; a sent event shows in the log, travels the graph and reaches its target', async () => {
    const cartId = `cart-browser-${run}`;
    const countBefore = await page.textContent('[data-testid=log-count]');
    await page.selectOption('[data-testid=send-catalog]', 'cartItemAdded');
    await page.fill('[data-testid=send-detail]', JSON.stringify({ cartId, user: 'ash', product: 'potion', quantity: 0 }));
    await page.locator('[data-testid=send-problems]', { hasText: 'detail.quantity must be >= 1' }).waitFor(WAIT);
    expect(await page.isDisabled('[data-testid=send-submit]')).toBe(true);
    await page.fill('[data-testid=send-detail]', '{"cartId": ');
    await page.locator('[data-testid=send-problems]', { hasText: 'not JSON' }).waitFor(WAIT);
    expect(await page.textContent('[data-testid=log-count]')).toBe(countBefore);

    const eventId = await sendFromForm('cartItemAdded', { cartId, user: 'ash', product: 'potion', quantity: 2 });
    await page.locator(entryOf(eventId)).waitFor(WAIT);
    // Dots are still travelling the arrows for a moment.
    await screenshot(page, 'console-event-travelling');
    await waitForStatus(eventId, 'delivered');
    expect(await page.getAttribute(entryOf(eventId), 'data-detail-type')).toBe('cart.item_added');

    // The graph counts the match and the delivery on the rule's box and arrow.
    const rule = stack.config.buses.flatMap((b) => b.rules).find((r) => r.name === 'cart-activity-rule')!;
    await page.locator(`[data-testid=rule-row][data-arn="${rule.arn}"] [data-testid=rule-matched]`, { hasText: /^[1-9]/ }).waitFor(WAIT);
    const ruleNode = `rule:${stack.config.buses.find((b) => b.rules.includes(rule))!.name}/${rule.name}`;
    expect(await page.locator(`[data-testid=architecture] .live-badges g.badge[data-for="${ruleNode}"]`).textContent()).toMatch(/^\d+ matched$/);
    await page.locator('[data-testid=functions-table]').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-rules-and-functions');

    await page.click(entryOf(eventId));
    const dialog = page.locator('[data-testid=event-detail]');
    await dialog.waitFor(WAIT);
    expect(await dialog.locator('[data-testid=detail-event-id]').textContent()).toBe(eventId);
    const target = dialog.locator('[data-testid=detail-match][data-rule=cart-activity-rule] [data-testid=detail-target]');
    expect(await target.getAttribute('data-state')).toBe('delivered');
    expect(await target.textContent()).toContain('cart-reminder (function)');
    expect(await target.locator('[data-testid=detail-attempt][data-outcome=delivered]').count()).toBe(1);
    await dialog.locator(`[data-testid=detail-invocation][data-function=${stack.stackName}-cart-reminder][data-ok=true]`).waitFor(WAIT);
    expect(await dialog.locator('[data-testid=detail-json]').textContent()).toContain(cartId);
    await screenshot(page, 'console-event-detail');

    // The target did its work: cart-reminder created the cart's reminder schedule.
    const scheduler = new SchedulerClient(clientOf(stack));
    try {
      const schedule = await scheduler.send(new GetScheduleCommand({ GroupName: `${stack.stackName}-cart-reminders`, Name: `cart.${cartId}` }));
      expect(schedule.ScheduleExpression).toMatch(/^at\(/);
    } finally {
      scheduler.destroy();
    }
  });

  it('is pushed what happens (no polling), and finds an attempt and its result by the attempt id', async () => {
    await page.locator('[data-testid=architecture] svg').waitFor(WAIT);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const events = new EventBridgeClient(clientOf(stack));
    const attemptId = `attempt-nowhere-${run}`;
    let eventId: string;
    try {
      const { Entries = [] } = await events.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: `${stack.stackName}-bus`, Source: 'fakemon.attempt-to-capture-api', DetailType: 'fakemon.capture_attempt', Detail: JSON.stringify({ attemptId, player: `ash_${run}`, fakemon: `fm-nowhere-${run}` }) }],
        }),
      );
      eventId = String(Entries[0].EventId);
    } finally {
      events.destroy();
    }
    await waitForStatus(eventId, 'delivered');
    // The capture function answered with a result carrying the attempt id: the log correlates both.
    await page.fill('[data-testid=filter-id]', attemptId);
    await page.locator('[data-testid=log-entry][data-detail-type="fakemon.capture_failed"]').waitFor(WAIT);
    const shown = await page.$$eval('[data-testid=log-entry]', (entries) => entries.map((e) => e.getAttribute('data-detail-type')));
    expect(shown.sort()).toEqual(['fakemon.capture_attempt', 'fakemon.capture_failed']);
    await page.selectOption('[data-testid=filter-detail-type]', 'fakemon.capture_attempt');
    await page.locator('[data-testid=log-entry][data-detail-type="fakemon.capture_failed"]').waitFor({ state: 'detached', ...WAIT });
    expect(await page.locator('[data-testid=log-entry]').count()).toBe(1);
    expect(requests).toEqual([]);
  });

  it('shows a dead letter with its error attributes and redrives it with the button', async () => {
    const lambda = new LambdaClient(clientOf(stack));
    const sqs = new SQSClient(clientOf(stack));
    const captureFunction = `${stack.stackName}-capture`;
    const queue = `${stack.stackName}-capture-dlq`;
    try {
      // Reserved concurrency 0: EventBridge's deliveries to the capture function are throttled until the retries run out.
      await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: captureFunction, ReservedConcurrentExecutions: 0 }));
      const eventId = await sendFromForm('captureAttempt', { attemptId: `attempt-dlq-${run}`, player: `misty_${run}`, fakemon: `fm-dlq-${run}` });
      await waitForStatus(eventId, 'dead-lettered');
      const dlqNode = `queue:${queue}`;
      await page.locator(`[data-testid=architecture] .live-badges g.badge[data-for="${dlqNode}"]`, { hasText: /^\d+ messages?$/ }).waitFor(WAIT);
      await screenshot(page, 'console-architecture-dead-letter');
      await page.click('[data-testid=tab-dead-letters]');
      const card = page.locator(`[data-testid=dead-letter-queue][data-queue="${queue}"]`);
      await card.waitFor(WAIT);
      const message = card.locator('[data-testid=dead-letter-message]').filter({ hasText: eventId });
      await message.waitFor(WAIT);
      expect(await message.locator('[data-testid=error-code]').textContent()).toBe('THROTTLING');
      await message.locator('summary').click();
      const attributes = await message.locator('[data-testid=message-attributes] dt').allTextContents();
      expect(attributes).toEqual(expect.arrayContaining(['ERROR_CODE', 'ERROR_MESSAGE', 'RULE_ARN', 'TARGET_ARN', 'RETRY_ATTEMPTS']));
      expect(await message.locator('[data-testid=message-attributes]').textContent()).toContain(`function:${captureFunction}`);
      await screenshot(page, 'console-dead-letters');

      // Healthy again: the button puts the event back on the bus and the queue empties.
      await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: captureFunction }));
      await card.locator('[data-testid=redrive]').click();
      await card.locator('[data-testid=redrive-result]', { hasText: '1 read, 1 redriven, 0 left in the queue' }).waitFor(WAIT);
      await card.locator('[data-testid=dead-letter-message]').first().waitFor({ state: 'detached', ...WAIT });
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${stack.awsEndpoint}/${stack.config.accountId}/${queue}`, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
      expect(Messages).toEqual([]);
      // The redriven attempt (a new event with the same detail) reached the capture function this time.
      await page.fill('[data-testid=filter-id]', `fm-dlq-${run}`);
      await page.locator('[data-testid=log-entry][data-detail-type="fakemon.capture_attempt"] [data-status=delivered]').waitFor(WAIT);
      await page.locator('[data-testid=log-entry][data-detail-type="fakemon.capture_failed"]').waitFor(WAIT);
      await screenshot(page, 'console-dead-letters-redriven');
    } finally {
      await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: captureFunction })).catch(() => undefined);
      lambda.destroy();
      sqs.destroy();
    }
  });

  it('shows when a schedule fires next, and the clock control fires it', async () => {
    const cartId = `cart-clock-${run}`;
    await sendFromForm('cartItemAdded', { cartId, user: 'misty', product: 'ether', quantity: 1 });
    await page.click('[data-testid=tab-schedules]');
    const row = page.locator(`[data-testid=schedule-row][data-schedule="${stack.stackName}-cart-reminders/cart.${cartId}"]`);
    await row.waitFor(WAIT);
    expect(await row.locator('[data-testid=schedule-next]').textContent()).toMatch(/in 2[34] h/);
    await screenshot(page, 'console-schedules');

    await row.locator('[data-testid=fire-now]').click();
    // The one-time schedule ran and was deleted after completion; its event reached the reminders queue.
    await row.waitFor({ state: 'detached', ...WAIT });
    await page.fill('[data-testid=filter-id]', cartId);
    const due = page.locator('[data-testid=log-entry][data-detail-type="cart.reminder_due"]');
    await due.locator('[data-status=delivered]').waitFor(WAIT);
    await due.click();
    const target = page.locator('[data-testid=event-detail] [data-testid=detail-match][data-rule=cart-reminder-due-rule] [data-testid=detail-target]');
    expect(await target.getAttribute('data-state')).toBe('delivered');
    expect(await target.textContent()).toContain('cart-reminders (queue)');
    await page.click('[data-testid=close-detail]');
    expect(await page.textContent('[data-testid=clock-offset]')).toMatch(/^\+\d+ h/);
    await screenshot(page, 'console-clock-fired');
  });

  it('browses a table page by page, shows the e-mails the local SES accepted, and the place of the game', async () => {
    // An attempt record to browse: the capture function writes one per attempt.
    await waitForStatus(await sendFromForm('captureAttempt', { attemptId: `attempt-table-${run}`, player: `brock_${run}`, fakemon: `fm-table-${run}` }), 'delivered');
    await page.click('[data-testid=tab-tables]');
    await page.locator('[data-testid=table-choice]').first().waitFor(WAIT);
    const tables = await page.locator('[data-testid=table-choice]').allTextContents();
    expect(tables.sort()).toEqual(stack.config.tables.map((t) => t.name).sort());
    await page.locator('[data-testid=table-choice]', { hasText: `${stack.stackName}-attempts` }).click();
    await page.locator('[data-testid=table-item]').first().waitFor(WAIT);
    expect(await page.locator('[data-testid=table-items] th').first().textContent()).toBe('attemptId');
    await screenshot(page, 'console-tables');
    await page.click('[data-testid=tab-mailbox]');
    await page.locator('[data-testid=mailbox]').waitFor(WAIT);
    // An e-mail the local SES accepts is pushed to the open page (it polls nothing).
    const ses = new SESv2Client(clientOf(stack));
    try {
      await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'console@fakemon.example' }));
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'console@fakemon.example',
          Destination: { ToAddresses: ['player@example.com'] },
          Content: { Simple: { Subject: { Data: `Hello ${run}` }, Body: { Text: { Data: 'From the browser test' } } } },
        }),
      );
    } finally {
      ses.destroy();
    }
    await page.locator('[data-testid=mail]', { hasText: `Hello ${run}` }).waitFor(WAIT);
    expect(await page.locator('[data-testid=mail]', { hasText: `Hello ${run}` }).textContent()).toContain('to player@example.com');
    await page.goto(`${stack.consoleUrl}game`);
    await page.locator('[data-testid=game]').waitFor(WAIT);
    expect(await page.getAttribute('[data-testid=tab-game]', 'class')).toContain('active');
  });
});
