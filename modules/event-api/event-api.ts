import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings';
import { ApiGatewayModel } from '@cdktf/provider-aws/lib/api-gateway-model';
import { ApiGatewayRequestValidator } from '@cdktf/provider-aws/lib/api-gateway-request-validator';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Fn, ITerraformDependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { addPreflight, allowOriginDeclaration, allowOriginMapping, corsProblem, gatewayAllowOrigin, type EventApiCors } from './cors';
import {
  ACCESS_LOG_FORMAT,
  ATTEMPT_ID_HEADER,
  BAD_REQUEST_BODY_TEMPLATE,
  DEFAULT_ERROR_TEMPLATE,
  putEventsErrorTemplate,
  putEventsRequestTemplate,
  putEventsResponseTemplate,
} from './mapping-templates';

/** One `POST` route that puts its validated body on the bus as an event. */
export interface EventRoute {
  /** Path below the API root, e.g. `captures` or `carts/{cartId}/items`. */
  readonly path: string;
  /** Request model: alphanumeric name and draft-04 JSON Schema of the body. */
  readonly model: { readonly name: string; readonly schema: Readonly<Record<string, unknown>> };
  /** Source of the event. */
  readonly source: string;
  /** Detail-type of the event. */
  readonly detailType: string;
  /** Patterns of the path parameters, which are copied into the detail. @default none */
  readonly pathParameters?: Readonly<Record<string, string>>;
  /** Detail field that receives the caller's player name, taken from the verified token (never the body). */
  readonly callerField: string;
  /**
   * Detail field that receives the attempt id: the client's `Idempotency-Key` header, else API Gateway's request
   * id. @default none
   */
  readonly attemptIdField?: string;
  /** Body of the 202 answer; `$eventId` is the event id, `$attemptId` the attempt id, e.g. `{"attemptId":"$attemptId"}`. */
  readonly acceptedBody: string;
}

/** Props of {@link EventApi}. */
export interface EventApiProps {
  /** API name, with the environment prefix. */
  readonly apiName: string;
  /** Name of the bus events are put on. */
  readonly busName: string;
  /** ARN of that bus: the API's role may put events there and nowhere else. */
  readonly busArn: string;
  /** Region of the bus. */
  readonly region: string;
  /** ARNs of the Cognito user pools whose ID tokens every route requires (`Authorization` header). */
  readonly userPoolArns: readonly string[];
  /** The routes. */
  readonly routes: readonly EventRoute[];
  /** Stage name. @default "v1" */
  readonly stageName?: string;
  /** Steady-state requests per second of the stage. */
  readonly throttleRateLimit: number;
  /** Burst capacity of the stage. */
  readonly throttleBurstLimit: number;
  /** Retention of the access-log group, in days. */
  readonly logRetentionDays: number;
  /**
   * What the stage waits for. API Gateway writes its access logs with the account's CloudWatch role, which the
   * account's bootstrap stack sets (never an environment stack): pass the check that it exists. @default none
   */
  readonly stageDependsOn?: readonly ITerraformDependable[];
  /** Lets scripts on other origins (a browser game) call the routes. @default none (no browser access) */
  readonly cors?: EventApiCors;
}

/** API Gateway resources that are not part of what a deployment snapshots. */
const NOT_DEPLOYED = new Set(['aws_api_gateway_deployment', 'aws_api_gateway_stage', 'aws_api_gateway_method_settings', 'aws_api_gateway_account']);

/**
 * A REST API whose routes put events straight on EventBridge (AWS service integration, no Lambda): every route
 * requires a Cognito ID token and takes the caller from its claims, request models reject bad bodies at the edge
 * with a 400, accepted events answer 202, and an event EventBridge did not accept never answers 202.
 */
export class EventApi extends Construct {
  /** The REST API. */
  public readonly api: ApiGatewayRestApi;
  /** The stage. */
  public readonly stage: ApiGatewayStage;
  /** The role API Gateway assumes to call PutEvents. */
  public readonly role: IamRole;
  /** The access-log group. */
  public readonly accessLogs: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EventApiProps) {
    super(scope, id);
    const stageName = props.stageName ?? 'v1';
    const seenPaths = new Set<string>();
    const corsError = props.cors ? corsProblem(props.cors) : undefined;
    if (corsError) throw new Error(`EventApi "${props.apiName}": cors: ${corsError}`);
    const cors = props.cors;
    if (props.userPoolArns.length === 0) throw new Error(`EventApi "${props.apiName}": give at least one user pool (every route requires a signed-in player)`);
    for (const route of props.routes) {
      if (route.acceptedBody.includes('$attemptId') && !route.attemptIdField) {
        throw new Error(`EventApi "${props.apiName}": route "${route.path}" answers $attemptId but has no attemptIdField`);
      }
      if (seenPaths.has(route.path)) throw new Error(`EventApi "${props.apiName}": route "${route.path}" is defined twice`);
      seenPaths.add(route.path);
      if (!/^[A-Za-z0-9]+$/.test(route.model.name)) {
        throw new Error(`EventApi "${props.apiName}": model name "${route.model.name}" must be alphanumeric`);
      }
      const params = [...route.path.matchAll(/\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]).sort();
      const patterns = Object.keys(route.pathParameters ?? {}).sort();
      if (params.join() !== patterns.join()) {
        throw new Error(`EventApi "${props.apiName}": route "${route.path}" needs a pattern for each path parameter (${params.join(', ') || 'none'})`);
      }
    }

    this.api = new ApiGatewayRestApi(this, 'api', {
      name: props.apiName,
      description: 'Puts validated requests straight on the event bus',
      endpointConfiguration: { types: ['REGIONAL'] },
    });
    this.role = new IamRole(this, 'role', {
      name: `${props.apiName}-put-events`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    new IamRolePolicy(this, 'put-events', {
      name: `${props.apiName}-put-events`,
      role: this.role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'PutEventsOnTheBus', Effect: 'Allow', Action: ['events:PutEvents'], Resource: [props.busArn] }],
      }),
    });
    const authorizer = new ApiGatewayAuthorizer(this, 'authorizer', {
      restApiId: this.api.id,
      name: `${props.apiName}-players`,
      type: 'COGNITO_USER_POOLS',
      providerArns: [...props.userPoolArns],
      identitySource: 'method.request.header.Authorization',
    });
    const validator = new ApiGatewayRequestValidator(this, 'validator', {
      restApiId: this.api.id,
      name: 'body-and-parameters',
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const resources = new Map<string, ApiGatewayResource>();
    const resourceFor = (path: string): ApiGatewayResource => {
      const existing = resources.get(path);
      if (existing) return existing;
      const parts = path.split('/');
      const parentId = parts.length === 1 ? this.api.rootResourceId : resourceFor(parts.slice(0, -1).join('/')).id;
      const resource = new ApiGatewayResource(this, `resource-${path.replace(/[{}]/g, '')}`, {
        restApiId: this.api.id,
        parentId,
        pathPart: parts[parts.length - 1],
      });
      resources.set(path, resource);
      return resource;
    };

    for (const route of props.routes) {
      const key = route.path.replace(/[{}]/g, '');
      const resource = resourceFor(route.path);
      const model = new ApiGatewayModel(this, `model-${route.model.name}`, {
        restApiId: this.api.id,
        name: route.model.name,
        contentType: 'application/json',
        schema: JSON.stringify(route.model.schema),
      });
      const pathParameters = route.pathParameters ?? {};
      const method = new ApiGatewayMethod(this, `method-${key}`, {
        restApiId: this.api.id,
        resourceId: resource.id,
        httpMethod: 'POST',
        authorization: 'COGNITO_USER_POOLS',
        authorizerId: authorizer.id,
        requestValidatorId: validator.id,
        requestModels: { 'application/json': model.name },
        requestParameters: {
          ...Object.fromEntries(Object.keys(pathParameters).map((p) => [`method.request.path.${p}`, true])),
          ...(route.attemptIdField ? { [`method.request.header.${ATTEMPT_ID_HEADER}`]: false } : {}),
        },
      });
      const target = {
        busName: props.busName,
        source: route.source,
        detailType: route.detailType,
        pathParameters,
        callerField: route.callerField,
        attemptIdField: route.attemptIdField,
      };
      const integration = new ApiGatewayIntegration(this, `integration-${key}`, {
        restApiId: this.api.id,
        resourceId: resource.id,
        httpMethod: method.httpMethod,
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: `arn:aws:apigateway:${props.region}:events:action/PutEvents`,
        credentials: this.role.arn,
        passthroughBehavior: 'NEVER',
        requestParameters: {
          'integration.request.header.X-Amz-Target': "'AWSEvents.PutEvents'",
          'integration.request.header.Content-Type': "'application/x-amz-json-1.1'",
        },
        requestTemplates: { 'application/json': putEventsRequestTemplate(target) },
      });
      // Templates override the status: 400 (validation), 503 (throttled) or 500 (anything else EventBridge refused).
      for (const status of ['202', '400', '500', '503']) {
        new ApiGatewayMethodResponse(this, `response-${key}-${status}`, {
          restApiId: this.api.id,
          resourceId: resource.id,
          httpMethod: method.httpMethod,
          statusCode: status,
          responseModels: { 'application/json': 'Empty' },
          responseParameters: cors ? allowOriginDeclaration() : undefined,
        });
      }
      const responses: Array<{ status: string; selectionPattern?: string; template: string }> = [
        { status: '202', template: putEventsResponseTemplate(route.acceptedBody) },
        { status: '500', selectionPattern: '[45]\\d{2}', template: putEventsErrorTemplate(target) },
      ];
      for (const response of responses) {
        new ApiGatewayIntegrationResponse(this, `integration-response-${key}-${response.status}`, {
          restApiId: this.api.id,
          resourceId: resource.id,
          httpMethod: method.httpMethod,
          statusCode: response.status,
          selectionPattern: response.selectionPattern,
          responseTemplates: { 'application/json': response.template },
          responseParameters: cors ? allowOriginMapping(cors) : undefined,
          dependsOn: [integration],
        });
      }
      if (cors) {
        addPreflight(this, `preflight-${key}`, {
          restApiId: this.api.id,
          resourceId: resource.id,
          cors,
          methods: ['POST'],
          headers: ['Authorization', 'Content-Type', ...(route.attemptIdField ? [ATTEMPT_ID_HEADER] : [])],
        });
      }
    }

    const gatewayResponses: Array<[string, string, string]> = [
      ['BAD_REQUEST_BODY', '400', BAD_REQUEST_BODY_TEMPLATE],
      ['DEFAULT_4XX', '', DEFAULT_ERROR_TEMPLATE],
      ['DEFAULT_5XX', '', DEFAULT_ERROR_TEMPLATE],
    ];
    for (const [type, status, template] of gatewayResponses) {
      new ApiGatewayGatewayResponse(this, `gateway-response-${type.toLowerCase()}`, {
        restApiId: this.api.id,
        responseType: type,
        statusCode: status || undefined,
        responseTemplates: { 'application/json': template },
        responseParameters: cors ? gatewayAllowOrigin(cors) : undefined,
      });
    }

    // Everything a deployment snapshots, found in the construct tree rather than listed by hand. Terraform hashes
    // the resources' whole attribute objects (URIs, credentials, templates, authorizer pools…), so any change to
    // any of them, including values only known after apply, redeploys the stage.
    const deployed = this.node
      .findAll()
      .filter((c): c is TerraformResource => c instanceof TerraformResource && c.terraformResourceType.startsWith('aws_api_gateway_'))
      .filter((r) => !NOT_DEPLOYED.has(r.terraformResourceType));
    const deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: this.api.id,
      triggers: { redeployment: Fn.sha1(Fn.jsonencode(deployed.map((r) => r.fqn))) },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: deployed,
    });

    this.accessLogs = new CloudwatchLogGroup(this, 'access-logs', {
      name: `/aws/apigateway/${props.apiName}/access`,
      retentionInDays: props.logRetentionDays,
    });
    this.stage = new ApiGatewayStage(this, 'stage', {
      restApiId: this.api.id,
      deploymentId: deployment.id,
      stageName,
      accessLogSettings: { destinationArn: this.accessLogs.arn, format: ACCESS_LOG_FORMAT },
      dependsOn: props.stageDependsOn ? [...props.stageDependsOn] : undefined,
    });
    new ApiGatewayMethodSettings(this, 'throttling', {
      restApiId: this.api.id,
      stageName: this.stage.stageName,
      methodPath: '*/*',
      settings: {
        throttlingRateLimit: props.throttleRateLimit,
        throttlingBurstLimit: props.throttleBurstLimit,
        metricsEnabled: true,
      },
    });
  }

  /** URL of the stage, e.g. `https://<id>.execute-api.<region>.amazonaws.com/v1`. */
  public get url(): string {
    return this.stage.invokeUrl;
  }
}
