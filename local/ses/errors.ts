/**
 * SES errors as each API answers them. v2 (restJson) error shapes and statuses are the `@aws-sdk/client-sesv2`
 * model's (MessageRejected 400, BadRequestException 400, NotFoundException 404, AlreadyExistsException 400);
 * v1 (awsQuery) codes are the SES API reference's (`MessageRejected`, `ConfigurationSetDoesNotExist`,
 * `InvalidParameterValue`, all 400).
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html#API_SendEmail_Errors
 * https://docs.aws.amazon.com/ses/latest/APIReference/API_SendEmail.html#API_SendEmail_Errors
 * The wording of `notVerified` and `tooManyRecipients` is SES's (cited below); the other messages are this runtime's
 * own where AWS documents only the code.
 */
import { AwsServiceError } from '../aws/errors';

/** Which SES API a request came through: the same failure has a different code on each. */
export type SesApi = 'ses' | 'sesv2';

export const sesErrors = {
  /**
   * Sender (or, in the sandbox, recipient) identities that are not verified. SES words it this way on both APIs,
   * with the region in upper case.
   * https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-error-messages.html
   * https://repost.aws/knowledge-center/ses-554-400-message-rejected-error
   */
  notVerified: (region: string, identities: readonly string[]) =>
    new AwsServiceError(
      'MessageRejected',
      `Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${identities.join(', ')}`,
      400,
    ),
  /** A message must have at least one recipient (To, Cc or Bcc). */
  noRecipients: (api: SesApi) => invalid(api, 'Missing required header \'To\'.'),
  /**
   * At most 50 recipients per message across To, Cc and Bcc; v1 answers `InvalidParameterValue` "Recipient count
   * exceeds 50." (https://docs.aws.amazon.com/ses/latest/dg/quotas.html).
   */
  tooManyRecipients: (api: SesApi) => invalid(api, 'Recipient count exceeds 50.'),
  /** A recipient or sender that is not an address (`UserName@[SubDomain.]Domain.TopLevelDomain`). */
  badAddress: (api: SesApi, address: string) => invalid(api, `Illegal address: ${address}`),
  missingSender: (api: SesApi) => invalid(api, 'Missing final \'@domain\''),
  /** v2 `Content` must hold exactly one of `Simple`, `Raw` and `Template`. */
  badContent: () => new AwsServiceError('BadRequestException', 'Content must contain exactly one of Simple, Raw or Template.', 400),
  /** 10 MB per message on v1, 40 MB on v2 (after base64 encoding). https://docs.aws.amazon.com/ses/latest/dg/quotas.html */
  tooLarge: (limit: number) => new AwsServiceError('MessageRejected', `Message length is more than ${limit} bytes long.`, 400),
  configurationSetDoesNotExist: (api: SesApi, name: string) =>
    api === 'ses'
      ? new AwsServiceError('ConfigurationSetDoesNotExist', `Configuration set <${name}> does not exist.`, 400)
      : new AwsServiceError('NotFoundException', `Configuration set <${name}> does not exist.`, 404),
  templateDoesNotExist: (name: string) => new AwsServiceError('NotFoundException', `Template ${name} does not exist.`, 404),
  identityNotFound: (name: string) => new AwsServiceError('NotFoundException', `Email identity ${name} does not exist.`, 404),
  identityExists: (name: string) => new AwsServiceError('AlreadyExistsException', `Email identity ${name} already exist.`, 400),
  badRequest: (message: string) => new AwsServiceError('BadRequestException', message, 400),
};

function invalid(api: SesApi, message: string): AwsServiceError {
  return api === 'ses' ? new AwsServiceError('InvalidParameterValue', message, 400) : new AwsServiceError('BadRequestException', message, 400);
}
