import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderStackDiagram } from '../../../../local/architecture/stack-diagram';
import { moduleRuleName } from '../../../../local/stack/stack-attributes';
import { readSynthesizedStack, SynthesizedStack } from '../../../../local/stack/terraform-json';
import { synthesizeStacks } from '../../../../scripts/lib/synth';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
// Environment stacks only: a bootstrap stack holds account-level settings, nothing to draw.
const stackDirs = synthesizeStacks({ FAKEMON_PR_ID: '123' }).filter((s) => !s.name.startsWith('fakemon-bootstrap-'));
const stacks: SynthesizedStack[] = stackDirs.map((s) => readSynthesizedStack(path.dirname(path.dirname(s.dir)), s.name));

/** `data-kind` → `data-name` of every box of a picture. */
function boxes(svg: string): Array<{ kind: string; name: string; title: string }> {
  return [...svg.matchAll(/<g class="node" data-id="[^"]*" data-kind="([^"]+)" data-name="([^"]+)"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({
    kind: m[1],
    name: m[2],
    title: m[3],
  }));
}

const unescape = (text: string): string => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Rules and functions as the synthesized JSON declares them (module `rules` keys, `aws_lambda_function` names). */
function declared(stack: SynthesizedStack): { rules: Array<{ name: string; pattern: unknown }>; functions: string[] } {
  const rules = Object.values(stack.json.module ?? {}).flatMap((module) => {
    const busName = String(module.bus_name);
    return Object.entries(module.rules as Record<string, { event_pattern: string }>).map(([key, rule]) => ({
      name: `${busName}/${moduleRuleName(key, module.append_rule_postfix !== false)}`,
      pattern: JSON.parse(rule.event_pattern),
    }));
  });
  const functions = Object.values(stack.json.resource?.aws_lambda_function ?? {}).map((f) => String(f.function_name));
  return { rules, functions };
}

describe('npm run diagram', () => {
  const pictures = new Map<string, string>();
  beforeAll(async () => {
    for (const stack of stacks) pictures.set(stack.name, await renderStackDiagram(stack));
  });

  it('synthesizes every environment', () => {
    expect(stacks.map((s) => s.name)).toEqual(['fakemon-dev', 'fakemon-pr-123', 'fakemon-prod', 'fakemon-staging']);
  });

  it.each(stackDirs.map((s) => s.name))('draws every rule (with its pattern on hover) and every function of %s', (name) => {
    const stack = stacks.find((s) => s.name === name) as SynthesizedStack;
    const expected = declared(stack);
    const drawn = boxes(pictures.get(name) as string);
    expect(expected.rules.length).toBeGreaterThan(0);
    expect(expected.functions.length).toBeGreaterThan(0);
    expect(drawn.filter((b) => b.kind === 'rule').map((b) => b.name).sort()).toEqual(expected.rules.map((r) => r.name).sort());
    expect(drawn.filter((b) => b.kind === 'function').map((b) => b.name).sort()).toEqual([...expected.functions].sort());
    for (const rule of expected.rules) {
      const title = unescape(drawn.find((b) => b.kind === 'rule' && b.name === rule.name)?.title ?? '');
      expect(title).toContain(JSON.stringify(rule.pattern, null, 2));
    }
  });

  it('gives the same bytes for the same stack', async () => {
    const dev = stacks[0];
    const again = await renderStackDiagram(readSynthesizedStack(path.dirname(path.dirname(dev.dir)), dev.name));
    expect(again).toBe(pictures.get('fakemon-dev'));
  });

  it('draws nothing that depends on the machine or the moment', () => {
    const svg = pictures.get('fakemon-dev') as string;
    expect(svg).not.toContain(ROOT);
    expect(svg).not.toMatch(/127\.0\.0\.1|\d{4}-\d{2}-\d{2}T/);
  });

  it('has docs/architecture.svg up to date with the synthesized fakemon-dev stack', () => {
    const committed = readFileSync(path.join(ROOT, 'docs', 'architecture.svg'), 'utf8');
    if (committed !== pictures.get('fakemon-dev')) throw new Error('docs/architecture.svg is stale: run `npm run diagram` and commit the picture');
  });
});
