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
  /** The function that handles `$connect` and `$disconnect`. */
  readonly connectionHandler: FunctionRef & { readonly invokeArn: string };
  /**
   * The Lambda REQUEST authorizer of `$connect`: it gets the `token` query-string parameter (browsers cannot set
   * headers on a WebSocket) and answers an IAM policy with the player in its context.
   */
  readonly connectAuthorizer: FunctionRef & { readonly invokeArn: string };
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

/** A route of messages (selected by `action`), handled by a function. */
export interface WebSocketMessageRouteProps {
  /** The route key: the message's `action`, e.g. `watch`. */
  readonly routeKey: string;
  /** The function that handles the route's messages (a Lambda proxy integration). */
  readonly handler: FunctionRef & { readonly invokeArn: string };
  /**
   * Two-way: the function's response `body` is sent back to the client on the socket (a `$default` route response;
   * without one API Gateway sends the client nothing,
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html).
   * @default true
   */
  readonly twoWay?: boolean;
}

/** Route keys API Gateway reserves (they are not message routes). */
const RESERVED_ROUTE_KEYS = ['$connect', '$disconnect', '$default'];

/** Where the `$connect` authorizer finds the token; a request without it is refused with 401 before any call. */
export const CONNECT_TOKEN_SOURCE = 'route.request.querystring.token';

/**
 * The players' WebSocket API: `$connect` (behind the Lambda authorizer) and `$disconnect` go to the connection
 * handler, results are pushed back through the management API (`POST @connections/{id}`).
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
  private readonly messageRoutes = new Set<string>();

  constructor(scope: Construct, id: string, props: WebSocketApiProps) {
    super(scope, id);
    const stageName = props.stageName ?? 'live';
    this.stageName = stageName;
    this.api = new Apigatewayv2Api(this, 'api', {
      name: props.apiName,
      protocolType: 'WEBSOCKET',
      routeSelectionExpression: '$request.body.action',
      description: 'Pushes capture results and world updates to players',
    });
    const integration = new Apigatewayv2Integration(this, 'connections', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: props.connectionHandler.invokeArn,
      integrationMethod: 'POST',
    });
    const authorizer = new Apigatewayv2Authorizer(this, 'connect-authorizer', {
      apiId: this.api.id,
      name: `${props.apiName}-connect`,
      authorizerType: 'REQUEST',
      authorizerUri: props.connectAuthorizer.invokeArn,
      identitySources: [CONNECT_TOKEN_SOURCE],
    });
    new LambdaPermission(this, 'invoke-connect-authorizer', {
      statementId: 'AllowWebSocketAuthorizer',
      action: 'lambda:InvokeFunction',
      functionName: props.connectAuthorizer.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/authorizers/${authorizer.id}`,
    });
    const routes = ['$connect', '$disconnect'].map(
      (routeKey) =>
        new Apigatewayv2Route(this, `route-${routeKey.slice(1)}`, {
          apiId: this.api.id,
          routeKey,
          target: `integrations/${integration.id}`,
          ...(routeKey === '$connect' ? { authorizationType: 'CUSTOM', authorizerId: authorizer.id } : {}),
        }),
    );
    new LambdaPermission(this, 'invoke-connection-handler', {
      statementId: 'AllowWebSocketApi',
      action: 'lambda:InvokeFunction',
      functionName: props.connectionHandler.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/${stageName}/*`,
    });
    const accessLogs = new CloudwatchLogGroup(this, 'access-logs', {
      name: `/aws/apigateway/${props.apiName}/access`,
      retentionInDays: props.logRetentionDays,
    });
    this.stage = new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: stageName,
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingRateLimit: props.throttleRateLimit,
        throttlingBurstLimit: props.throttleBurstLimit,
      },
      accessLogSettings: { destinationArn: accessLogs.arn, format: WEBSOCKET_ACCESS_LOG_FORMAT },
      dependsOn: [...routes, ...(props.stageDependsOn ?? [])],
    });
    this.managementEndpoint = `https://${this.api.id}.execute-api.${props.region}.amazonaws.com/${stageName}`;
    this.postToConnectionArn = `${this.api.executionArn}/${stageName}/POST/@connections/*`;
  }

  /**
   * Adds a message route (`{"action":"<routeKey>",…}`) handled by a function, with the permission API Gateway needs
   * to invoke it; the stage waits for the route. Only connections past `$connect` (and its authorizer) send messages,
   * and every message event carries the authorizer's context (the verified player).
   */
  public addMessageRoute(props: WebSocketMessageRouteProps): Apigatewayv2Route {
    const { routeKey } = props;
    if (RESERVED_ROUTE_KEYS.includes(routeKey) || !/^[A-Za-z0-9_-]{1,64}$/.test(routeKey)) {
      throw new Error(`WebSocketApi: message route "${routeKey}" must be 1-64 letters, digits, "_" or "-" (not ${RESERVED_ROUTE_KEYS.join(', ')})`);
    }
    if (this.messageRoutes.has(routeKey)) throw new Error(`WebSocketApi: message route "${routeKey}" exists already`);
    this.messageRoutes.add(routeKey);
    const twoWay = props.twoWay ?? true;
    const integration = new Apigatewayv2Integration(this, `route-${routeKey}-integration`, {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: props.handler.invokeArn,
      integrationMethod: 'POST',
    });
    const route = new Apigatewayv2Route(this, `route-${routeKey}`, {
      apiId: this.api.id,
      routeKey,
      target: `integrations/${integration.id}`,
      ...(twoWay ? { routeResponseSelectionExpression: '$default' } : {}),
    });
    const dependsOn = [dependable(route)];
    if (twoWay) {
      const response = new Apigatewayv2RouteResponse(this, `route-${routeKey}-response`, { apiId: this.api.id, routeId: route.id, routeResponseKey: '$default' });
      dependsOn.push(dependable(response));
    }
    new LambdaPermission(this, `invoke-route-${routeKey}`, {
      statementId: 'AllowWebSocketApi',
      action: 'lambda:InvokeFunction',
      functionName: props.handler.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/${this.stageName}/${routeKey}`,
    });
    this.stage.dependsOn = [...(this.stage.dependsOn ?? []), ...dependsOn];
    return route;
  }

  /** The URL players connect to (`wss://…/{stage}`). */
  public get url(): string {
    return this.stage.invokeUrl;
  }
}
