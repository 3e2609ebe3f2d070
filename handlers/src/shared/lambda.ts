/** The part of the Lambda context object the handlers use. */
export interface LambdaContext {
  readonly awsRequestId?: string;
  readonly functionName?: string;
}
