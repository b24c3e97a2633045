import { createHash, randomInt } from 'node:crypto';
import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { AppConfig } from '@app/config';
import { maskPhone, normalizePhone } from '@app/common';
import { BusinessTwilio } from '../businesses/business-twilio';
import { OutboundMessagesService } from '../outbound/outbound-messages.service';
import { badRequest } from '../rules/bad-request';
import { VisitorPhoneStore } from './visitor-phone-store';

/** A code is good for ten minutes and five tries: a one-in-200,000 chance for a guesser per code sent. */
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_TRIES = 5;
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export interface CodeRequester {
  businessId: string;
  /** The business's name, which the text starts with so the visitor knows who sent it. */
  businessName: string;
  visitorId: string;
}

/** Sent, or refused for now: wait `retryAfterSeconds`. */
export type CodeRequest =
  { sent: true; to: string; expiresInSeconds: number } | { sent: false; retryAfterSeconds: number };

/**
 * A web chat visitor proves the phone number they give before the chat becomes that contact's
 * (their history, their appointments): a six-digit code is texted to it through the business's
 * own number and typed back into the chat. Without this, anyone could type a customer's number
 * and read what the assistant knows about them.
 *
 * Every code is a text the business pays for, to a number a stranger typed, so requests are
 * budgeted (per visitor, per number across businesses, per business; WIDGET_VERIFY_*) and only
 * numbers of WIDGET_VERIFY_COUNTRIES are texted: SMS pumping makes money on premium foreign numbers.
 */
@Injectable()
export class VisitorPhonesService {
  private readonly logger = new Logger(VisitorPhonesService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly store: VisitorPhoneStore,
    private readonly outbound: OutboundMessagesService,
    private readonly businesses: BusinessTwilio,
  ) {}

  /** Texts a new code to `typed` (a 400 naming `phone` when it cannot be texted). */
  async requestCode(requester: CodeRequester, typed: string): Promise<CodeRequest> {
    const phone = this.textable(typed);
    if (!(await this.businesses.sender(requester.businessId, 'sms')))
      throw new ConflictException('This business does not send texts, so a phone number cannot be confirmed here');
    const limits = this.config.widget.verify;
    const waitMs = await this.store.spend([
      {
        key: `visitor:${requester.businessId}:${requester.visitorId}`,
        limit: limits.perVisitorPerHour,
        windowMs: HOUR_MS,
      },
      { key: `number:${phone}`, limit: limits.perNumberPerDay, windowMs: DAY_MS },
      { key: `business:${requester.businessId}`, limit: limits.perBusinessPerHour, windowMs: HOUR_MS },
    ]);
    if (waitMs > 0) return { sent: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.store.savePending(requester.businessId, requester.visitorId, phone, digest(phone, code), CODE_TTL_MS);
    await this.outbound.queueText({
      businessId: requester.businessId,
      to: phone,
      body: `${requester.businessName}: ${code} is your code for our web chat. It expires in 10 minutes. Didn't ask for it? Ignore this text.`,
      source: 'verification',
    });
    this.logger.log(`Web chat code sent (business ${requester.businessId}, to ${maskPhone(phone)})`);
    return { sent: true, to: maskPhone(phone), expiresInSeconds: CODE_TTL_MS / 1000 };
  }

  /** The visitor's number once `code` is the one texted to it; a 400 naming `code` otherwise. */
  async confirm(visitor: { businessId: string; visitorId: string }, typed: string, code: string): Promise<string> {
    const phone = this.textable(typed);
    const outcome = await this.store.check(
      visitor,
      phone,
      digest(phone, code),
      CODE_TRIES,
      this.config.widget.verify.rememberMs,
    );
    if (outcome === 'verified') return phone;
    if (outcome === 'wrong') throw badRequest('code is not the one we texted; check it and try again');
    if (outcome === 'exhausted') throw badRequest('code: too many wrong tries; ask for a new code');
    throw badRequest('code has expired or was not sent to this number; ask for a new code');
  }

  /** The number this visitor proved, or null (never proved, forgotten, or Redis away: the chat stays anonymous). */
  async proven(businessId: string, visitorId: string): Promise<string | null> {
    try {
      return await this.store.proven(businessId, visitorId);
    } catch (error) {
      this.logger.warn(`Web chat visitor's number not read, the chat goes on anonymous: ${(error as Error).message}`);
      return null;
    }
  }

  forget(businessId: string, visitorId: string): Promise<void> {
    return this.store.forget(businessId, visitorId);
  }

  /** E.164 in one of WIDGET_VERIFY_COUNTRIES, or a 400 naming `phone`. */
  private textable(typed: string): string {
    const phone = normalizePhone(typed, this.config.defaultCountry);
    if (!phone) throw badRequest('phone must be a phone number, like +15551234567');
    const countries = this.config.widget.verify.countries;
    const parsed = parsePhoneNumberFromString(phone);
    // A number valid in no country's ranges (+1 555…) has none; the sandbox texts nobody, so it
    // takes such a number as its calling code's main country's. Live, Twilio could not deliver it.
    const sandbox = this.config.twilio.mode === 'sandbox';
    const country = parsed?.country ?? (sandbox ? parsed?.getPossibleCountries()[0] : undefined);
    if (!country || !countries.includes(country))
      throw badRequest(`phone: we can only text numbers in ${countries.join(', ')}`);
    return phone;
  }
}

/** What is kept of a code: a guess must be checked against it, the code itself is never stored. */
const digest = (phone: string, code: string) => createHash('sha256').update(`${phone}:${code}`).digest('base64url');
