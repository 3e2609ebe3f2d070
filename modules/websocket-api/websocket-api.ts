import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2RouteResponse } from '@cdktf/provider-aws/lib/apigatewayv2-route-response';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { dependable, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { FunctionRef } from '../event-bus/types';

/** Props of {@link WebSocketApi}. */
export interface WebSocketApiProps {
  /** API name, with the environment prefix. */
  readonly apiName: string;
  /** Region of the API (for the management endpoint). */
  readonly region: string;
  /** Stage name. @default "live" */
  readonly stageName?: string;
  /** Steady-state messages per second. */
  readonly throttleRateLimit: number;
  /** Burst capacity. */
  readonly throttleBurstLimit: number;
  /** Retention of the access-log group, in days. */
  readonly logRetentionDays: number;
  /**
   * What the stage waits for besides its routes. WebSocket stages write access logs with the account's API Gateway
   * CloudWatch role, which the account's bootstrap stack sets: without it the stage fails to create ("CloudWatch
   * Logs role ARN must be set in account settings to enable logging"), so pass the check that it exists.
   * @default none
   */
  readonly stageDependsOn?: readonly ITerraformDependable[];
}

/** A Lambda function a route or authorizer invokes. */
export type RouteFunction = FunctionRef & { readonly invokeArn: string };

/** Access-log line of the WebSocket stage. */
const WEBSOCKET_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  connectionId: '$context.connectionId',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  status: '$context.status',
  error: '$context.error.message',
  integrationError: '$context.integrationErrorMessage',
});

/** Where the `$connect` authorizer finds the token; a request without it is refused with 401 before any call. */
export const CONNECT_TOKEN_SOURCE = 'route.request.querystring.token';

/**
 * The players' WebSocket API: the API and its stage come first (functions need the management endpoint); then
 * {@link WebSocketApi.connect} routes `$connect` (behind the Lambda authorizer) and `$disconnect` to the connection
 * handler, and {@link WebSocketApi.addRoute} adds message routes. Results are pushed back through the management
 * API (`POST @connections/{id}`). The stage is deployed once every route exists.
 */
export class WebSocketApi extends Construct {
  /** The API. */
  public readonly api: Apigatewayv2Api;
  /** The stage. */
  public readonly stage: Apigatewayv2Stage;
  /** The stage's management endpoint (`https://{api}.execute-api.{region}.amazonaws.com/{stage}`). */
  public readonly managementEndpoint: string;
  /** ARN pattern of `POST @connections/*` on this stage, for `execute-api:ManageConnections`. */
  public readonly postToConnectionArn: string;
  private readonly stageName: string;
  private readonly apiName: string;
  private readonly routeKeys = new Set<string>();
  private readonly routeFqns: string[] = [];
  private readonly stageDependsOn: readonly string[];

  constructor(scope: Construct, id: string, props: WebSocketApiProps) {
    super(scope, id);
    this.stageName = props.stageName ?? 'live';
    this.apiName = props.apiName;
    this.api = new Apigatewayv2Api(this, 'api', {
      name: props.apiName,
      protocolType: 'WEBSOCKET',
      routeSelectionExpression: '$request.body.action',
      description: 'Pushes capture results and world updates to players',
    });
    const accessLogs = new CloudwatchLogGroup(this, 'access-logs', {
      name: `/aws/apigateway/${props.apiName}/access`,
      retentionInDays: props.logRetentionDays,
    });
    this.stage = new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: this.stageName,
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingRateLimit: props.throttleRateLimit,
        throttlingBurstLimit: props.throttleBurstLimit,
      },
      accessLogSettings: { destinationArn: accessLogs.arn, format: WEBSOCKET_ACCESS_LOG_FORMAT },
      dependsOn: [...(props.stageDependsOn ?? [])],
    });
    this.stageDependsOn = [...(this.stage.dependsOn ?? [])];
    this.managementEndpoint = `https://${this.api.id}.execute-api.${props.region}.amazonaws.com/${this.stageName}`;
    this.postToConnectionArn = `${this.api.executionArn}/${this.stageName}/POST/@connections/*`;
  }

  /** The URL players connect to (`wss://…/{stage}`). */
  public get url(): string {
    return this.stage.invokeUrl;
  }

  /**
   * Routes `$connect` and `$disconnect` to `handler`; `$connect` is behind `authorizer`, a Lambda REQUEST authorizer
   * reading the `token` query-string parameter (browsers cannot set headers on a WebSocket) and answering an IAM
   * policy with the player in its context.
   */
  public connect(handler: RouteFunction, authorizer: RouteFunction): void {
    this.claim('$connect', '$disconnect');
    const integration = new Apigatewayv2Integration(this, 'connections', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: handler.invokeArn,
      integrationMethod: 'POST',
    });
    const connectAuthorizer = new Apigatewayv2Authorizer(this, 'connect-authorizer', {
      apiId: this.api.id,
      name: `${this.apiName}-connect`,
      authorizerType: 'REQUEST',
      authorizerUri: authorizer.invokeArn,
      identitySources: [CONNECT_TOKEN_SOURCE],
    });
    new LambdaPermission(this, 'invoke-connect-authorizer', {
      statementId: 'AllowWebSocketAuthorizer',
      action: 'lambda:InvokeFunction',
      functionName: authorizer.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/authorizers/${connectAuthorizer.id}`,
    });
    for (const routeKey of ['$connect', '$disconnect']) {
      this.deployWith(
        new Apigatewayv2Route(this, `route-${routeKey.slice(1)}`, {
          apiId: this.api.id,
          routeKey,
          target: `integrations/${integration.id}`,
          ...(routeKey === '$connect' ? { authorizationType: 'CUSTOM', authorizerId: connectAuthorizer.id } : {}),
        }),
      );
    }
    // One permission per route, so that no other route of the stage (a message route) may invoke the handler.
    this.allowInvoke('invoke-connection-handler', 'AllowWebSocketConnect', handler, '$connect');
    this.allowInvoke('invoke-connection-handler-disconnect', 'AllowWebSocketDisconnect', handler, '$disconnect');
  }

  /**
   * Adds a message route: a message whose `action` is `routeKey` invokes `handler` (Lambda proxy). The connection
   * was authorized on `$connect`; the handler finds the player in the authorizer's context
   * (`requestContext.authorizer`), which every message of the connection carries. A two-way route sends the
   * handler's response `body` back to the client (a `$default` route response,
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html).
   */
  public addRoute(routeKey: string, handler: RouteFunction, options: { readonly twoWay?: boolean } = {}): void {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(routeKey)) {
      throw new Error(`WebSocketApi "${this.node.path}": route key "${routeKey}" must be 1-64 letters, digits, "_" or "-" (the message's action)`);
    }
    this.claim(routeKey);
    const integration = new Apigatewayv2Integration(this, `integration-${routeKey}`, {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: handler.invokeArn,
      integrationMethod: 'POST',
    });
    const route = new Apigatewayv2Route(this, `route-${routeKey}`, {
      apiId: this.api.id,
      routeKey,
      target: `integrations/${integration.id}`,
      ...(options.twoWay ? { routeResponseSelectionExpression: '$default' } : {}),
    });
    this.deployWith(route);
    if (options.twoWay) {
      this.deployWith(new Apigatewayv2RouteResponse(this, `route-${routeKey}-response`, { apiId: this.api.id, routeId: route.id, routeResponseKey: '$default' }));
    }
    this.allowInvoke(`invoke-${routeKey}`, `AllowWebSocketRoute${routeKey.replace(/[^A-Za-z0-9]/g, '')}`, handler, routeKey);
  }

  private claim(...routeKeys: string[]): void {
    for (const key of routeKeys) {
      if (this.routeKeys.has(key)) throw new Error(`WebSocketApi "${this.node.path}": route ${key} is declared twice`);
      this.routeKeys.add(key);
    }
  }

  /** The stage deploys (auto-deploy) only once its routes exist. */
  private deployWith(route: Apigatewayv2Route | Apigatewayv2RouteResponse): void {
    this.routeFqns.push(dependable(route));
    this.stage.dependsOn = [...this.routeFqns, ...this.stageDependsOn];
  }

  private allowInvoke(id: string, statementId: string, fn: RouteFunction, routeKey: string): void {
    new LambdaPermission(this, id, {
      statementId,
      action: 'lambda:InvokeFunction',
      functionName: fn.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/${this.stageName}/${routeKey}`,
    });
  }
}
