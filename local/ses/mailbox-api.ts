/**
 * `GET /_aws/ses` and `DELETE /_aws/ses` on the AWS endpoint, LocalStack's convention for sent messages, so tools
 * written for it work: `GET` answers `{"messages":[…]}` (query `id` filters by message id, `email` by the sender
 * address, `Source`), `DELETE` clears them (the same filters delete only those) and answers 204.
 * https://docs.localstack.cloud/aws/services/ses/
 */
import type { LocalRequest, LocalResponse } from '../aws/request';
import type { MailboxFilter } from './mailbox';
import type { SesService } from './service';

export const MAILBOX_PATH = '/_aws/ses';

export function isMailboxRequest(request: LocalRequest): boolean {
  return request.url.pathname.replace(/\/$/, '') === MAILBOX_PATH;
}

export function handleMailbox(service: SesService, request: LocalRequest): LocalResponse {
  const filter: MailboxFilter = { id: request.url.searchParams.get('id') || undefined, email: request.url.searchParams.get('email') || undefined };
  switch (request.method) {
    case 'GET':
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: service.mailbox.list(filter) }) };
    case 'DELETE':
      service.mailbox.clear(filter);
      return { status: 204 };
    default:
      return { status: 405, headers: { 'content-type': 'application/json', allow: 'GET, DELETE' }, body: JSON.stringify({ message: `${request.method} is not supported on ${MAILBOX_PATH}` }) };
  }
}
