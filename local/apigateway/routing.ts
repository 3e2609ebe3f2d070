/**
 * Resource path matching as API Gateway REST does it: a `{name}` segment matches one non-empty path segment,
 * a trailing `{name+}` matches the rest of the path (one or more segments), literal segments beat parameters,
 * and a path that matches a resource but not its method is the same "Missing Authentication Token" 403 as an
 * unknown path.
 */
import type { LocalRestRoute } from './model';

type Part = { readonly literal: string } | { readonly param: string; readonly greedy: boolean };

interface CompiledRoute<R> {
  readonly route: R;
  readonly method: string;
  readonly parts: readonly Part[];
  /** Literal segments first, then parameters, greedy last (for precedence). */
  readonly rank: readonly number[];
}

export interface RouteMatch<R> {
  readonly route: R;
  /** Decoded path parameter values. */
  readonly pathParameters: Record<string, string>;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function compile<R extends Pick<LocalRestRoute, 'httpMethod' | 'path'>>(route: R): CompiledRoute<R> {
  const parts: Part[] = splitPath(route.path).map((segment, index, all) => {
    const param = /^\{([^{}+]+)(\+)?\}$/.exec(segment);
    if (!param) return { literal: segment };
    const greedy = param[2] === '+';
    if (greedy && index !== all.length - 1) throw new Error(`route ${route.path}: a greedy parameter must be the last segment`);
    return { param: param[1] as string, greedy };
  });
  const rank = parts.map((part) => ('literal' in part ? 0 : part.greedy ? 2 : 1));
  return { route, method: route.httpMethod.toUpperCase(), parts, rank };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchParts(parts: readonly Part[], segments: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Part;
    if ('literal' in part) {
      if (segments[i] === undefined || decode(segments[i] as string) !== part.literal) return undefined;
      continue;
    }
    if (part.greedy) {
      if (segments.length <= i) return undefined;
      params[part.param] = segments.slice(i).map(decode).join('/');
      return params;
    }
    if (segments[i] === undefined) return undefined;
    params[part.param] = decode(segments[i] as string);
  }
  return segments.length === parts.length ? params : undefined;
}

function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return b.length - a.length;
}

/** Matches request paths (below the stage) against resource path templates. */
export class RestRouter<R extends Pick<LocalRestRoute, 'httpMethod' | 'path'>> {
  private readonly routes: readonly CompiledRoute<R>[];

  constructor(routes: readonly R[]) {
    this.routes = routes
      .map(compile)
      .sort(
        (a, b) =>
          compareRank(a.rank, b.rank) ||
          a.route.path.localeCompare(b.route.path) ||
          Number(a.method === 'ANY') - Number(b.method === 'ANY'),
      );
  }

  /** The route for `method` on `path` (e.g. `/carts/c-1/items`): most specific resource first, `ANY` after the exact method. */
  match(method: string, path: string): RouteMatch<R> | undefined {
    const segments = splitPath(path);
    const upper = method.toUpperCase();
    for (const candidate of this.routes) {
      if (candidate.method !== upper && candidate.method !== 'ANY') continue;
      const params = matchParts(candidate.parts, segments);
      if (params) return { route: candidate.route, pathParameters: params };
    }
    return undefined;
  }
}
