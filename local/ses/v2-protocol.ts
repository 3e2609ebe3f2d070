/**
 * The SES API v2 (restJson1, signing name `ses`, paths under `/v2/email/`): `SendEmail` with Simple, Raw or Template
 * content, and the email-identity operations.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
 */
import { AwsServiceError, isAwsServiceError } from '../aws/errors';
import { matchPath, parseRestJsonBody, restJson, restJsonError } from '../aws/protocol-rest';
import type { LocalRequest, LocalResponse } from '../aws/request';
import type { EmailIdentity } from './model';
import type { SendEmailInput, SesService } from './service';

type Body = Record<string, unknown>;
type Handler = (service: SesService, params: Record<string, string>, request: LocalRequest) => Promise<unknown> | unknown;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
const content = (value: unknown): Body | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : undefined);
const data = (value: unknown): string | undefined => text(content(value)?.Data);

/** The v2 `SendEmail` request in the service's shape. */
export function sendEmailInput(body: Body): SendEmailInput {
  const given = content(body.Content) ?? {};
  const simple = content(given.Simple);
  const raw = content(given.Raw);
  const template = content(given.Template);
  const destination = content(body.Destination);
  const simpleBody = content(simple?.Body);
  return {
    api: 'sesv2',
    from: text(body.FromEmailAddress),
    destination: destination
      ? { ToAddresses: strings(destination.ToAddresses), CcAddresses: strings(destination.CcAddresses), BccAddresses: strings(destination.BccAddresses) }
      : undefined,
    replyTo: strings(body.ReplyToAddresses),
    content: {
      simple: simple ? { subject: data(simple.Subject), text: data(simpleBody?.Text), html: data(simpleBody?.Html) } : undefined,
      raw: raw ? Buffer.from(text(raw.Data) ?? '', 'base64') : undefined,
      template: template ? { name: text(template.TemplateName), arn: text(template.TemplateArn), data: text(template.TemplateData) } : undefined,
    },
    configurationSetName: text(body.ConfigurationSetName),
    tags: (Array.isArray(body.EmailTags) ? (body.EmailTags as Body[]) : []).map((t) => ({ Name: String(t.Name ?? ''), Value: String(t.Value ?? '') })),
  };
}

const identityInfo = (identity: EmailIdentity): Body => ({
  IdentityType: identity.type,
  IdentityName: identity.name,
  SendingEnabled: true,
  VerificationStatus: 'SUCCESS',
});

const listIdentities: Handler = (service) => ({ EmailIdentities: service.identities.list().map(identityInfo) });

const ROUTES: Array<[string, string, Handler]> = [
  ['POST', '/v2/email/outbound-emails', async (service, _p, request) => ({ MessageId: (await service.send(sendEmailInput(parseRestJsonBody(request)))).Id })],
  [
    'POST',
    '/v2/email/identities',
    (service, _p, request) => {
      const body = parseRestJsonBody(request);
      const identity = service.createEmailIdentity(body.EmailIdentity, body.ConfigurationSetName);
      return { IdentityType: identity.type, VerifiedForSendingStatus: true };
    },
  ],
  [
    'GET',
    '/v2/email/identities/{EmailIdentity}',
    (service, params) => {
      const identity = service.getEmailIdentity(params.EmailIdentity);
      return {
        IdentityType: identity.type,
        VerifiedForSendingStatus: true,
        VerificationStatus: 'SUCCESS',
        FeedbackForwardingStatus: true,
        ...(identity.configurationSetName ? { ConfigurationSetName: identity.configurationSetName } : {}),
        Policies: {},
        Tags: [],
      };
    },
  ],
  [
    'DELETE',
    '/v2/email/identities/{EmailIdentity}',
    (service, params) => {
      service.deleteEmailIdentity(params.EmailIdentity);
      return {};
    },
  ],
  ['GET', '/v2/email/identities', listIdentities],
  ['POST', '/v2/email/list-identities', listIdentities],
];

export async function handleSesV2(service: SesService, request: LocalRequest): Promise<LocalResponse> {
  try {
    for (const [method, template, handler] of ROUTES) {
      if (method !== request.method) continue;
      const params = matchPath(template, request.url.pathname);
      if (params) return restJson(request, 200, await handler(service, params, request));
    }
    throw new AwsServiceError('UnknownOperationException', `No local SES v2 operation for ${request.method} ${request.url.pathname}`, 400);
  } catch (error) {
    if (isAwsServiceError(error)) return restJsonError(request, error);
    throw error;
  }
}
