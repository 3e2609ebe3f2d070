/**
 * SES requests as IAM sees them. A send is authorized on the identity that verifies the sender (the address's own
 * identity, else its domain's), on the configuration set when one is named, on the template of a v2 templated send,
 * and, while the account is in the sandbox, on each recipient as an identity too; with the condition keys
 * `ses:FromAddress`, `ses:FromDisplayName`, `ses:Recipients` and `ses:ApiVersion`. A v2 `SendEmail` with Raw content
 * is `ses:SendRawEmail`, as SES names it in its denials.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html
 * https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
 * Recipient identities in the sandbox, and the raw action on v2: denials recorded on AWS in
 * https://github.com/aws/aws-sdk-js-v3/issues/2061 and https://github.com/aws/aws-actionmailer-ses-ruby/issues/10
 */
import { matchPath, parseRestJsonBody } from '../../aws/protocol-rest';
import { parseQueryParams } from '../../aws/protocol-query';
import type { LocalRequest } from '../../aws/request';
import { isMailboxRequest } from '../../ses/mailbox-api';
import { parseMailbox } from '../../ses/addresses';
import { rawHeaderAddresses } from '../../ses/raw-message';
import { sendInput } from '../../ses/query-protocol';
import type { SendEmailInput } from '../../ses/service';
import { sendEmailInput } from '../../ses/v2-protocol';
import type { IamCall } from '../authorizer';
import { arnOf, wildcardOnly, type ArnScope, type CallsOf } from './request-calls';

const V2_IDENTITY_ROUTES: Array<[string, string, string]> = [
  ['POST', '/v2/email/identities', 'CreateEmailIdentity'],
  ['GET', '/v2/email/identities/{EmailIdentity}', 'GetEmailIdentity'],
  ['DELETE', '/v2/email/identities/{EmailIdentity}', 'DeleteEmailIdentity'],
];

/** The calls of a send of either API. */
function sendCalls(input: SendEmailInput, scope: ArnScope): IamCall[] {
  const raw = input.content.raw ? rawHeaderAddresses(input.content.raw) : undefined;
  const fromText = input.from ?? (raw?.from ? `${raw.from.name} <${raw.from.address}>` : undefined);
  const from = fromText ? parseMailbox(fromText) : undefined;
  const given = [...(input.destination?.ToAddresses ?? []), ...(input.destination?.CcAddresses ?? []), ...(input.destination?.BccAddresses ?? [])];
  const recipients = (given.length > 0 ? given : raw ? [...raw.to, ...raw.cc, ...raw.bcc] : []).map((r) => parseMailbox(r)?.address ?? r);
  const action = input.content.raw ? 'ses:SendRawEmail' : 'ses:SendEmail';
  const identityArn = (address: string): string => scope.ses?.identities.arnFor(address) ?? arnOf(scope, action, 'identity', { IdentityName: address });
  const context = {
    'ses:FromAddress': from?.address,
    'ses:FromDisplayName': from?.name || undefined,
    'ses:Recipients': recipients,
    'ses:ApiVersion': input.api === 'sesv2' ? '2' : '1',
  };
  const resources = [
    ...(from ? [identityArn(from.address)] : []),
    ...(input.configurationSetName ? [arnOf(scope, action, 'configuration-set', { ConfigurationSetName: input.configurationSetName })] : []),
    ...(input.content.template?.name ? [arnOf(scope, 'ses:SendEmail', 'template', { TemplateName: input.content.template.name })] : []),
    ...(scope.ses?.sandbox ? recipients.map(identityArn) : []),
  ];
  return [...new Set(resources)].map((resource) => ({ action, resource, context }));
}

function identityCall(scope: ArnScope, operation: string, name: string | undefined): IamCall {
  const action = `ses:${operation}`;
  return wildcardOnly(scope, action) ?? { action, resource: name ? arnOf(scope, action, 'identity', { IdentityName: name }) : '*' };
}

export const sesCalls: CallsOf = (request: LocalRequest, scope) => {
  if (isMailboxRequest(request)) return [];
  if (request.url.pathname.startsWith('/v2/email/')) {
    if (request.method === 'POST' && matchPath('/v2/email/outbound-emails', request.url.pathname)) return sendCalls(sendEmailInput(parseRestJsonBody(request)), scope);
    for (const [method, template, operation] of V2_IDENTITY_ROUTES) {
      const params = method === request.method ? matchPath(template, request.url.pathname) : undefined;
      if (!params) continue;
      const name = params.EmailIdentity ?? (operation === 'CreateEmailIdentity' ? String(parseRestJsonBody(request).EmailIdentity ?? '') : undefined);
      return [identityCall(scope, operation, name || undefined)];
    }
    return [{ action: 'ses:ListEmailIdentities', resource: '*' }];
  }
  const params = parseQueryParams(request);
  const action = params.get('Action') ?? '';
  if (action === 'SendEmail' || action === 'SendRawEmail') return sendCalls(sendInput(action, params), scope);
  const name = params.get('EmailAddress') ?? params.get('Domain') ?? params.get('Identity') ?? undefined;
  return [wildcardOnly(scope, `ses:${action}`) ?? { action: `ses:${action}`, resource: name ? arnOf(scope, `ses:${action}`, 'identity', { IdentityName: name }) : '*' }];
};
