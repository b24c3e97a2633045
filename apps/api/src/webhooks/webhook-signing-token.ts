import { Injectable } from '@nestjs/common';
import { parseAddress } from '@app/common';
import { AppConfig } from '@app/config';
import { BusinessRoute, BusinessRoutes } from '@app/database';

export type WebhookKind = 'inbound' | 'status';

const field = (params: Record<string, unknown>, name: string) =>
  typeof params[name] === 'string' ? params[name] : undefined;

/**
 * Which auth token a webhook must be signed with. Twilio signs with the token of the account
 * the number belongs to: a business with a subaccount of its own, that subaccount's; any other,
 * the platform's. Read from BusinessRoutes' in-process snapshot: no database round trip, what
 * ever number or account an unsigned request names.
 */
@Injectable()
export class WebhookSigningToken {
  constructor(
    private readonly config: AppConfig,
    private readonly routes: BusinessRoutes,
  ) {}

  /** The token to check against; null when none can be (the business's token cannot be opened). */
  async for(kind: WebhookKind, params: Record<string, unknown>): Promise<string | null> {
    const business = kind === 'inbound' ? await this.inboundBusiness(params) : await this.accountBusiness(params);
    if (business?.twilioUnavailable) return null;
    return business?.twilio?.authToken ?? this.config.twilio.authToken;
  }

  /** As the webhook service will read it: the owner of the number texted, else the subaccount's business. */
  private inboundBusiness(params: Record<string, unknown>): Promise<BusinessRoute> {
    const { channel, number } = parseAddress(field(params, 'To') ?? '', this.config.defaultCountry);
    return this.routes.forInbound(channel, number, field(params, 'AccountSid'));
  }

  /** A status callback comes from the account that sent the message. */
  private async accountBusiness(params: Record<string, unknown>): Promise<BusinessRoute | null> {
    const accountSid = field(params, 'AccountSid');
    return accountSid ? this.routes.forAccountSid(accountSid) : null;
  }
}
