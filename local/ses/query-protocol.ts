/**
 * The SES API v1 (awsQuery, `Action=SendEmail&Version=2010-12-01…`, XML answers): `SendEmail`, `SendRawEmail`, and
 * the identity operations a sandbox test needs (`VerifyEmailIdentity`, `VerifyDomainIdentity`, `ListIdentities`,
 * `DeleteIdentity`). https://docs.aws.amazon.com/ses/latest/APIReference/API_Operations.html
 */
import { randomUUID } from 'node:crypto';
import { isAwsServiceError } from '../aws/errors';
import { invalidAction, parseQueryParams, queryError, queryOk, toXml } from '../aws/protocol-query';
import type { LocalRequest, LocalResponse } from '../aws/request';
import type { SendEmailInput, SesService } from './service';

export const SES_QUERY_XMLNS = 'http://ses.amazonaws.com/doc/2010-12-01/';

/** `Prefix.member.N` values in N order. */
function members(params: URLSearchParams, prefix: string): string[] {
  return [...params.entries()]
    .map(([key, value]) => [new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.member\\.(\\d+)$`).exec(key)?.[1], value] as const)
    .filter((entry): entry is readonly [string, string] => entry[0] !== undefined)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, value]) => value);
}

function tags(params: URLSearchParams): Array<{ Name: string; Value: string }> {
  const result: Array<{ Name: string; Value: string }> = [];
  for (let i = 1; params.has(`Tags.member.${i}.Name`); i += 1) {
    result.push({ Name: params.get(`Tags.member.${i}.Name`) ?? '', Value: params.get(`Tags.member.${i}.Value`) ?? '' });
  }
  return result;
}

const optional = (params: URLSearchParams, name: string): string | undefined => params.get(name) ?? undefined;

/** A v1 `SendEmail` or `SendRawEmail` request in the service's shape. */
export function sendInput(action: 'SendEmail' | 'SendRawEmail', params: URLSearchParams): SendEmailInput {
  const common = { api: 'ses' as const, from: optional(params, 'Source'), configurationSetName: optional(params, 'ConfigurationSetName'), tags: tags(params) };
  if (action === 'SendRawEmail') {
    return { ...common, destination: { ToAddresses: members(params, 'Destinations') }, content: { raw: Buffer.from(params.get('RawMessage.Data') ?? '', 'base64') } };
  }
  return {
    ...common,
    destination: {
      ToAddresses: members(params, 'Destination.ToAddresses'),
      CcAddresses: members(params, 'Destination.CcAddresses'),
      BccAddresses: members(params, 'Destination.BccAddresses'),
    },
    replyTo: members(params, 'ReplyToAddresses'),
    content: { simple: { subject: optional(params, 'Message.Subject.Data'), text: optional(params, 'Message.Body.Text.Data'), html: optional(params, 'Message.Body.Html.Data') } },
  };
}

type Action = (service: SesService, params: URLSearchParams) => Promise<unknown> | unknown;

export const SES_QUERY_ACTIONS: Readonly<Record<string, Action>> = {
  SendEmail: async (service, params) => ({ MessageId: (await service.send(sendInput('SendEmail', params))).Id }),
  SendRawEmail: async (service, params) => ({ MessageId: (await service.send(sendInput('SendRawEmail', params))).Id }),
  VerifyEmailIdentity: (service, params) => {
    service.verifyIdentity(params.get('EmailAddress') ?? '');
    return undefined;
  },
  VerifyDomainIdentity: (service, params) => {
    service.verifyIdentity(params.get('Domain') ?? '');
    return { VerificationToken: randomUUID().replace(/-/g, '') };
  },
  ListIdentities: (service, params) => {
    const type = params.get('IdentityType');
    const names = service.identities
      .list()
      .filter((i) => !type || (type === 'EmailAddress' ? i.type === 'EMAIL_ADDRESS' : i.type === 'DOMAIN'))
      .map((i) => i.name);
    return { Identities: { member: names } };
  },
  DeleteIdentity: (service, params) => {
    service.identities.delete(params.get('Identity') ?? '');
    return undefined;
  },
};

export async function handleSesQuery(service: SesService, request: LocalRequest): Promise<LocalResponse> {
  const params = parseQueryParams(request);
  const action = params.get('Action') ?? '';
  try {
    const handler = SES_QUERY_ACTIONS[action];
    if (!handler) throw invalidAction(action, '2010-12-01');
    return queryOk(request, action, SES_QUERY_XMLNS, toXml((await handler(service, params)) ?? {}));
  } catch (error) {
    if (isAwsServiceError(error)) return queryError(request, SES_QUERY_XMLNS, error);
    throw error;
  }
}
