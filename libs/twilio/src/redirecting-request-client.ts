import twilio from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient';

const TWILIO_ORIGIN = /^https:\/\/([a-z0-9-]+\.)*twilio\.com/;

/**
 * The twilio SDK has no base-URL option. This client sends every REST call to
 * `baseUrl` instead (same paths): a Twilio-compatible mock, a proxy, the tests' fake.
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
  }

  request<TData>(opts: BaseRequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_ORIGIN, this.baseUrl) });
  }
}
