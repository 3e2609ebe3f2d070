/** Amazon Resource Names: parse and build. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  /** Everything after the account id. */
  readonly resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    partition: parts[1],
    service: parts[2],
    region: parts[3],
    accountId: parts[4],
    resource: parts.slice(5).join(':'),
  };
}

/** The last path or colon segment of an ARN's resource, e.g. a queue, function or bus name. */
export function arnResourceName(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  const resource = parsed.resource;
  switch (parsed.service) {
    case 'lambda': {
      // function:NAME or function:NAME:QUALIFIER
      const [, name] = resource.split(':');
      return name;
    }
    case 'logs': {
      // log-group:NAME or log-group:NAME:*
      const match = /^log-group:(.+?)(?::\*)?$/.exec(resource);
      return match?.[1];
    }
    default: {
      const slash = resource.lastIndexOf('/');
      return slash >= 0 ? resource.slice(slash + 1) : resource;
    }
  }
}

export function arnService(arn: string): string | undefined {
  return parseArn(arn)?.service;
}

export function buildArn(service: string, region: string, accountId: string, resource: string): string {
  return `arn:aws:${service}:${region}:${accountId}:${resource}`;
}
