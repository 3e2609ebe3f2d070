/**
 * The game in a real browser (Debian's Chromium driven by playwright-core) against the dev stack running locally,
 * played as players play it: each player in its own browser context signs up and in with the user pool from the
 * page, stands somewhere, and captures with a click. Nothing but the spawns (the world, invoked as the spawn
 * schedule does) comes from outside the page.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../local/runtime';
import { HOTEL_DE_VILLE, MONTMARTRE, NOTRE_DAME } from '../e2e/support/places';
import { CHROMIUM_ARGS, launchChromium, screenshot } from './support/chromium';
import { clientOf, startDevStack } from './support/local-stack';

jest.setTimeout(180_000);

const WAIT = { timeout: 30_000 };
const run = Date.now().toString(36);
/** Satisfies the dev pool's policy (12+ characters, upper, lower, digits). */
const PASSWORD = 'Fakemon-game-2030';

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startDevStack(), launchChromium()]);
  expect(CHROMIUM_ARGS).toContain('--headless');
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await stack?.stop();
});

/** A player's own browser (a fresh context: no shared storage) with the game page open. */
interface PlayerPage {
  readonly name: string;
  readonly page: Page;
  readonly errors: string[];
}

async function openGame(name: string): Promise<PlayerPage> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${stack.consoleUrl}game`);
  await page.locator('[data-testid=game-name]').waitFor(WAIT);
  return { name, page, errors };
}

/** Creates the player from the page (SignUp, then USER_PASSWORD_AUTH) and stands at `at`. */
async function signUpAndStand(player: PlayerPage, at: { lat: number; lng: number }): Promise<void> {
  const { page } = player;
  await page.fill('[data-testid=game-name]', player.name);
  await page.fill('[data-testid=game-password]', PASSWORD);
  await page.click('[data-testid=game-sign-up]');
  await page.locator('[data-testid=game-connection][data-state=open]').waitFor(WAIT);
  expect(await page.textContent('[data-testid=game-player]')).toBe(player.name);
  await page.fill('[data-testid=game-lat]', String(at.lat));
  await page.fill('[data-testid=game-lng]', String(at.lng));
  await page.click('[data-testid=game-go]');
  await page.locator('[data-testid=game-watching]').waitFor(WAIT);
}

async function spawn(fakemon: string, at: { lat: number; lng: number }): Promise<void> {
  const lambda = new LambdaClient(clientOf(stack));
  try {
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: String(stack.config.outputs.spawn_function_name), Payload: Buffer.from(JSON.stringify({ fakemon: [fakemon], at })) }),
    );
    expect(answer.FunctionError).toBeUndefined();
  } finally {
    lambda.destroy();
  }
}

const row = (fakemon: string, state?: string): string => `[data-testid=fakemon-row][data-fakemon="${fakemon}"]${state ? `[data-state=${state}]` : ''}`;

describe('the game in the browser', () => {
  it('two players race for one fakémon: exactly one captures it, the other is told it is already captured, both see it go; a player far away hears nothing of it', async () => {
    const [misty, brock, gary] = await Promise.all([openGame(`misty_${run}`), openGame(`brock_${run}`), openGame(`gary_${run}`)]);
    await Promise.all([signUpAndStand(misty!, NOTRE_DAME), signUpAndStand(brock!, HOTEL_DE_VILLE), signUpAndStand(gary!, MONTMARTRE)]);
    // Neighbours watch the same cells; Montmartre is another neighbourhood.
    const cellOf = (p: PlayerPage): Promise<string | null> => p.page.getAttribute('[data-testid=game-watching]', 'data-cell');
    expect(await cellOf(gary!)).not.toBe(await cellOf(misty!));

    const fakemon = `fm-race-${run}`;
    await spawn(fakemon, NOTRE_DAME);
    for (const p of [misty!, brock!]) await p.page.locator(row(fakemon, 'wild')).waitFor(WAIT);
    await misty!.page.locator(`[data-testid=fakemon-marker][data-fakemon="${fakemon}"]`).waitFor(WAIT);
    await screenshot(misty!.page, 'game-fakemon-appeared');

    // One click each, at the same time.
    await Promise.all([misty!.page.click(`${row(fakemon)} [data-testid=capture]`), brock!.page.click(`${row(fakemon)} [data-testid=capture]`)]);
    const results = await Promise.all(
      [misty!, brock!].map(async (p) => {
        const result = p.page.locator(`${row(fakemon)} [data-testid=capture-result][data-status=done]`);
        await result.waitFor(WAIT);
        return { player: p, outcome: await result.getAttribute('data-outcome'), text: await result.textContent() };
      }),
    );
    expect(results.map((r) => r.outcome).sort()).toEqual(['already_captured', 'captured']);
    expect(results.map((r) => r.text).sort()).toEqual(['already captured', 'captured']);
    // Each player made exactly one attempt, and both see the fakémon gone from the world.
    for (const p of [misty!, brock!]) {
      expect(await p.page.locator(`${row(fakemon)} [data-testid=capture-result]`).count()).toBe(1);
      await p.page.locator(row(fakemon, 'captured')).waitFor(WAIT);
      expect(await p.page.locator(`${row(fakemon)} [data-testid=capture]`).count()).toBe(0);
    }
    // The log shows the messages as they came: the watch sent, the spawn, the player's own result, the capture.
    const log = await misty!.page.locator('[data-testid=ws-log]').textContent();
    expect(log).toContain('"action":"watch"');
    expect(log).toContain(`"change":"spawned","fakemon":"${fakemon}"`);
    expect(log).toContain(`"type":"capture_result"`);
    expect(log).toContain(`"change":"captured","fakemon":"${fakemon}"`);
    const winner = results.find((r) => r.outcome === 'captured')!.player;
    const loser = results.find((r) => r.outcome === 'already_captured')!.player;
    await screenshot(winner.page, 'game-race-captured');
    await screenshot(loser.page, 'game-race-already-captured');

    // Far away, in Montmartre: a fakémon spawned there arrives, the race's never did.
    const local = `fm-far-${run}`;
    await spawn(local, MONTMARTRE);
    await gary!.page.locator(row(local, 'wild')).waitFor(WAIT);
    expect(await gary!.page.locator(row(fakemon)).count()).toBe(0);
    expect(await gary!.page.locator('[data-testid=ws-log]').textContent()).not.toContain(fakemon);
    for (const p of [misty!, brock!]) expect(await p.page.locator(row(local)).count()).toBe(0);
    await screenshot(gary!.page, 'game-far-away');

    for (const p of [misty!, brock!, gary!]) expect(p.errors).toEqual([]);
  });
});
