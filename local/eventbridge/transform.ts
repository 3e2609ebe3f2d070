import type { LocalTargetConfig } from '../aws/model';
import type { EventEnvelope } from './envelope';
import { evaluateJsonPath } from './jsonpath';

export interface TransformContext {
  readonly ruleArn: string;
  readonly ruleName: string;
  /** When EventBridge received the event. */
  readonly ingestionTime: string;
}

/**
 * What a target receives: the event itself, the constant `Input`, the part selected by `InputPath`,
 * or the rendered `InputTransformer` template. Always the exact text sent.
 */
export function targetInput(target: LocalTargetConfig, event: EventEnvelope, context: TransformContext): string {
  if (target.input !== undefined) return target.input;
  if (target.inputPath !== undefined) {
    const selected = evaluateJsonPath(event, target.inputPath);
    return selected === undefined ? 'null' : JSON.stringify(selected);
  }
  if (target.inputTransformer) return renderInputTemplate(target.inputTransformer.inputPaths, target.inputTransformer.inputTemplate, event, context);
  return JSON.stringify(event);
}

/**
 * Renders an InputTemplate. In a JSON template (starting with `{` or `[`), a placeholder inside a
 * string literal receives the value's text (escaped), and outside one the value's JSON; in any other
 * template strings are inserted as they are and other values as JSON. Missing paths render as
 * `null` (outside strings) or nothing.
 */
export function renderInputTemplate(
  inputPaths: Record<string, string>,
  template: string,
  event: EventEnvelope,
  context: TransformContext,
): string {
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(inputPaths ?? {})) values.set(name, evaluateJsonPath(event, path));
  values.set('aws.events.rule-arn', context.ruleArn);
  values.set('aws.events.rule-name', context.ruleName);
  values.set('aws.events.event.ingestion-time', context.ingestionTime);
  values.set('aws.events.event', event);
  values.set('aws.events.event.json', event);
  const known = (name: string): boolean => values.has(name) || Object.prototype.hasOwnProperty.call(inputPaths ?? {}, name);

  const jsonMode = /^\s*[[{]/.test(template);
  let output = '';
  let inString = false;
  for (let i = 0; i < template.length; i += 1) {
    const char = template[i];
    if (char === '\\' && inString) {
      output += char + (template[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (char === '"' && jsonMode) {
      inString = !inString;
      output += char;
      continue;
    }
    if (char === '<') {
      const close = template.indexOf('>', i + 1);
      const name = close > i ? template.slice(i + 1, close) : '';
      if (close > i && known(name)) {
        output += substitute(values.get(name), jsonMode, inString);
        i = close;
        continue;
      }
    }
    output += char;
  }
  return output;
}

function substitute(value: unknown, jsonMode: boolean, inString: boolean): string {
  if (jsonMode && !inString) return value === undefined ? 'null' : JSON.stringify(value);
  if (value === undefined || value === null) return jsonMode ? '' : value === null ? 'null' : '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return jsonMode ? JSON.stringify(text).slice(1, -1) : text;
}
