import { isQueryRequest, parseQueryParams } from '../aws/protocol-query';
import type { LocalServiceRoute } from '../aws/server';
import { handleMailbox, isMailboxRequest } from './mailbox-api';
import { handleSesQuery, SES_QUERY_ACTIONS } from './query-protocol';
import type { SesService } from './service';
import { handleSesV2 } from './v2-protocol';

export { SesService } from './service';
export type { SesServiceOptions, SendEmailInput, SesCounters } from './service';
export type { Mailbox, MailboxFilter, MailboxListener } from './mailbox';
export type { EmailIdentity, LocalEmailIdentityConfig, LocalSesConfig, SentEmail } from './model';
export { MAILBOX_PATH } from './mailbox-api';

const isV2 = (request: { url: URL }): boolean => request.url.pathname.startsWith('/v2/email/');

/**
 * Mounts SES on the AWS endpoint: v2 (restJson under `/v2/email/`) and v1 (awsQuery), both signed for `ses`, and
 * the mailbox at `/_aws/ses`.
 */
export function sesRoute(service: SesService): LocalServiceRoute {
  return {
    name: 'ses',
    signingNames: ['ses'],
    handle: (request) => {
      if (isMailboxRequest(request)) return handleMailbox(service, request);
      return isV2(request) ? handleSesV2(service, request) : handleSesQuery(service, request);
    },
    // Unsigned requests: the mailbox (curl, tooling), and v2 paths or v1 actions sent without a signature.
    matches: (request) => isMailboxRequest(request) || isV2(request) || (isQueryRequest(request) && (parseQueryParams(request).get('Action') ?? '') in SES_QUERY_ACTIONS),
  };
}
