import { Injectable } from '@nestjs/common';
import { type Channel, DEFAULT_BUSINESS_ID, type TwilioAccount } from '@app/common';
import { AppConfig } from '@app/config';
import { BusinessRoute, BusinessRoutes } from '@app/database';

/** Who a message is sent as: a number, or a Messaging Service (which picks one of its numbers). */
export interface Sender {
  from: string | null;
  messagingServiceSid: string | null;
}

/** A business whose subaccount token cannot be opened: nothing of it can be sent. */
export class TwilioAccountUnavailableError extends Error {
  constructor(slug: string) {
    super(`business ${slug}: its Twilio auth token cannot be opened with SECRETS_KEY`);
    this.name = 'TwilioAccountUnavailableError';
  }
}

/**
 * A business's side of Twilio: the account its messages go through (its subaccount, else
 * the platform's) and who they are sent as when the request does not say — its first
 * number of the channel, else its Messaging Service, else, for the default business only,
 * TWILIO_MESSAGING_SERVICE_SID / TWILIO_DEFAULT_FROM (the env configures the default business).
 */
@Injectable()
export class BusinessTwilio {
  constructor(
    private readonly config: AppConfig,
    private readonly routes: BusinessRoutes,
  ) {}

  /** The business's subaccount, or null for the platform's account. */
  async account(businessId: string): Promise<TwilioAccount | null> {
    const route = await this.routes.byId(businessId);
    if (route?.twilioUnavailable) throw new TwilioAccountUnavailableError(route.slug);
    return route?.twilio ?? null;
  }

  /**
   * What a send needs of its business in one lookup: the account (or why it cannot be used) and
   * the slug for the metrics' `business` label ('' if the business is gone).
   */
  async forSend(
    businessId: string,
  ): Promise<{ account: TwilioAccount | null | TwilioAccountUnavailableError; slug: string }> {
    const route = await this.routes.byId(businessId);
    const slug = route?.slug ?? '';
    if (route?.twilioUnavailable) return { account: new TwilioAccountUnavailableError(slug), slug };
    return { account: route?.twilio ?? null, slug };
  }

  /** The business's slug, for metrics' `business` label ('' if it is gone). */
  async slug(businessId: string): Promise<string> {
    return (await this.routes.byId(businessId))?.slug ?? '';
  }

  /** Which Twilio account a send is counted against: the rate limiter's key starts with it. */
  accountSidOf(route: BusinessRoute | null): string {
    return route?.twilio?.accountSid ?? this.config.twilio.accountSid;
  }

  /** Who the business sends as on a channel by default, or null when it has nothing to send from. */
  async sender(businessId: string, channel: Channel): Promise<Sender | null> {
    return this.senderOf(businessId, await this.routes.byId(businessId), channel);
  }

  /** For many lookups at once (a reminder tick): one snapshot, answered synchronously. */
  async senders(): Promise<(businessId: string, channel: Channel) => Sender | null> {
    const table = await this.routes.table();
    return (businessId, channel) => this.senderOf(businessId, table.get(businessId) ?? null, channel);
  }

  /**
   * The 400 text when a request names no sender and the business has none; `field` is what the
   * request could have given instead (a campaign also takes a messagingServiceSid).
   */
  async noSenderProblem(businessId: string, channel: Channel, field = 'from'): Promise<string> {
    if (businessId === DEFAULT_BUSINESS_ID)
      return `${field} is required: no TWILIO_DEFAULT_FROM or TWILIO_MESSAGING_SERVICE_SID is configured`;
    const slug = (await this.routes.byId(businessId))?.slug ?? businessId;
    return `${field} is required: business ${slug} has no ${channel} number and no messagingServiceSid`;
  }

  private senderOf(businessId: string, route: BusinessRoute | null, channel: Channel): Sender | null {
    const own = route?.numbers.find((n) => n.channel === channel);
    if (own) return { from: own.address, messagingServiceSid: null };
    if (route?.messagingServiceSid) return { from: null, messagingServiceSid: route.messagingServiceSid };
    if (businessId !== DEFAULT_BUSINESS_ID) return null;
    const { defaultFrom, messagingServiceSid } = this.config.twilio;
    if (!defaultFrom && !messagingServiceSid) return null;
    return { from: defaultFrom ?? null, messagingServiceSid: messagingServiceSid ?? null };
  }
}
