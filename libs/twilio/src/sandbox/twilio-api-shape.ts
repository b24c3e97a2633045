/**
 * The shape of Twilio's 2010-04-01 Messages API, copied from Twilio's OpenAPI
 * description (../shared/twilio-oai, MIT) so the sandbox needs no spec file at run
 * time. twilio-api-shape.spec.ts checks these lists still equal the spec.
 */
export const CREATE_MESSAGE_PARAMS = [
  'To',
  'StatusCallback',
  'ApplicationSid',
  'MaxPrice',
  'ProvideFeedback',
  'Attempt',
  'ValidityPeriod',
  'ForceDelivery',
  'ContentRetention',
  'AddressRetention',
  'SmartEncoded',
  'PersistentAction',
  'TrafficType',
  'ShortenUrls',
  'ScheduleType',
  'SendAt',
  'SendAsMms',
  'ContentVariables',
  'RiskCheck',
  'From',
  'FallbackFrom',
  'MessagingServiceSid',
  'Body',
  'MediaUrl',
  'ContentSid',
] as const;

export const UPDATE_MESSAGE_PARAMS = ['Body', 'Status'] as const;

export const LIST_MESSAGE_PARAMS = [
  'AccountSid',
  'To',
  'From',
  'DateSent',
  'DateSent<',
  'DateSent>',
  'PageSize',
  'Page',
  'PageToken',
] as const;

export const MESSAGE_FIELDS = [
  'body',
  'num_segments',
  'direction',
  'from',
  'to',
  'date_updated',
  'price',
  'error_message',
  'uri',
  'account_sid',
  'num_media',
  'status',
  'messaging_service_sid',
  'sid',
  'date_sent',
  'date_created',
  'error_code',
  'price_unit',
  'api_version',
  'subresource_uris',
] as const;
