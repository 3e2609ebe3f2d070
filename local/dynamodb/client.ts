import * as http from 'node:http';

export interface DynamoResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** An error answer of DynamoDB (the `__type` without its namespace, the message, the raw body). */
export class DynamoCallError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = type;
  }
}

/** A minimal JSON client for the dynalite server behind the local endpoint. */
export class DynamoClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  constructor(
    readonly endpoint: string,
    private readonly region: string,
  ) {}

  /** Sends a raw request (forwarding), keeping body and the headers DynamoDB needs. */
  send(body: Buffer, headers: http.IncomingHttpHeaders): Promise<DynamoResponse> {
    const url = new URL(this.endpoint);
    const forwarded: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || name === 'host' || name === 'connection' || name === 'content-length' || name === 'transfer-encoding') continue;
      forwarded[name] = value;
    }
    forwarded['content-length'] = body.length;
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: url.hostname, port: url.port, method: 'POST', path: '/', headers: forwarded, agent: this.agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 500, headers: response.headers, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  /** Calls an operation; resolves with the parsed output or rejects with a DynamoCallError. */
  async call<T = Record<string, unknown>>(operation: string, input: unknown): Promise<T> {
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const response = await this.send(Buffer.from(JSON.stringify(input), 'utf8'), {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      'x-amz-date': amzDate,
      authorization: `AWS4-HMAC-SHA256 Credential=local/${amzDate.slice(0, 8)}/${this.region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0`,
    });
    const text = response.body.toString('utf8');
    const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (response.status >= 300) {
      const type = String(parsed.__type ?? 'UnknownError').split('#').pop() as string;
      throw new DynamoCallError(type, String(parsed.message ?? parsed.Message ?? type), response.status, parsed);
    }
    return parsed as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
