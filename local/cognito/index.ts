export * from './model';
export * from './ids';
export { CognitoService, type AuthorizerVerdict, type CognitoServiceOptions, type InvokeLambda } from './service';
export { cognitoRoute } from './http';
