import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, type ConversationChannel, maskPhone } from '@app/common';
import {
  BusinessRoutes,
  EmergenciesRepository,
  EmergencyFilter,
  EmergencySettings,
  EmergencyView,
} from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { spoken } from '../appointments/booking-conversation';
import { BusinessDefaults } from '../businesses/business-defaults';
import { BusinessTwilio } from '../businesses/business-twilio';
import { badRequest } from '../rules/bad-request';
import { truncateOnWord } from '../rules/text';
import { DEFAULT_EMERGENCY_KEYWORDS, DEFAULT_SAFETY_LINE, matchEmergency } from './emergency-keywords';

export interface EmergencyInput {
  businessId: string;
  /** The channel the customer wrote or spoke on (the owner's alert is always an SMS). */
  channel: ConversationChannel;
  customerPhone: string;
  /** What the emergency is: the customer's words with the keyword, or the model's summary. */
  summary: string;
  inboundMessageId: string;
}

export interface RaisedEmergency {
  /** What the customer is told first. */
  safetyLine: string;
  /** An alert to the owner was stored and queued (an opted-out owner's is then stored `suppressed`). */
  alerted: boolean;
  /** The appointment marked isEmergency; null: a lead. */
  appointmentId: string | null;
}

/** A customer's text, as the reply path gives it. */
export interface EmergencyText {
  businessId: string;
  channel: ConversationChannel;
  from: string;
  body: string;
  inboundMessageId: string;
}

/**
 * One owner text per customer per quarter hour: a customer's further texts (a second panicked
 * message, the model flagging the follow-up) are recorded and linked to the alert already sent.
 */
export const ALERT_COOLDOWN_MS = 15 * 60_000;

/** Room for the summary in the owner's SMS: with the rest it stays within two or three segments. */
const SUMMARY_LIMIT = 200;
const CUSTOMER_WORDS_LIMIT = 160;

/**
 * Emergencies: a customer's text that says one (a keyword of the business, else the default list
 * for trades; or the AI's flag_emergency, which calls `raise`). Raising one marks the customer's
 * next appointment `isEmergency` (or records a lead), texts the owner at once and gives the
 * customer's reply its safety line. The owner's text is transactional, so it goes the ordinary
 * outbound way with nothing holding it back: quiet hours apply to campaigns, not to this path, and
 * a customer's opt-out is about texts to the customer. An owner's own number that opted out gets
 * it stored `suppressed`, as every send to an opted-out number is (OutboundSender).
 */
@Injectable()
export class EmergencyService {
  private readonly logger = new Logger(EmergencyService.name);

  constructor(
    private readonly clock: Clock,
    private readonly emergencies: EmergenciesRepository,
    private readonly routes: BusinessRoutes,
    private readonly defaults: BusinessDefaults,
    private readonly businesses: BusinessTwilio,
    private readonly jobs: JobQueue,
  ) {}

  /** The keyword match for this business's list (default list when empty); null when none. */
  async detect(businessId: string, body: string): Promise<string | null> {
    return matchOf(await this.emergencies.settings(businessId), body);
  }

  async safetyLine(businessId: string): Promise<string> {
    return safetyLineOf(await this.emergencies.settings(businessId));
  }

  /**
   * Raises one emergency for one inbound message: idempotent per inboundMessageId (a retried reply
   * job or a second worker must not text the owner twice).
   */
  async raise(input: EmergencyInput): Promise<RaisedEmergency> {
    return this.raiseWith(await this.emergencies.settings(input.businessId), input);
  }

  /**
   * The reply path's hook, for a business that books by text: null when the text is no emergency.
   * Otherwise the emergency is raised and the customer is answered with the safety line first.
   */
  async answer(text: EmergencyText): Promise<string | null> {
    if (!(await this.routes.byId(text.businessId))?.bookingEnabled) return null;
    const settings = await this.emergencies.settings(text.businessId);
    const keyword = matchOf(settings, text.body);
    if (!settings || !keyword) return null;
    const words = truncateOnWord(text.body.replace(/\s+/g, ' '), CUSTOMER_WORDS_LIMIT);
    const raised = await this.raiseWith(settings, {
      businessId: text.businessId,
      channel: text.channel,
      customerPhone: text.from,
      summary: `"${words}" (keyword: ${keyword})`,
      inboundMessageId: text.inboundMessageId,
    });
    const told = raised.alerted
      ? `We've alerted ${settings.name} and someone will contact you shortly.`
      : `Your message is marked urgent for ${settings.name} and someone will contact you as soon as possible.`;
    const next = raised.appointmentId ? 'Your upcoming appointment is marked urgent.' : 'Reply BOOK to book a visit.';
    return `${raised.safetyLine} ${told} ${next}`;
  }

  /** The business's emergencies, newest first (GET /api/emergencies); a 400 for an empty or backward range. */
  list(filter: EmergencyFilter, limit: number, offset: number): Promise<EmergencyView[]> {
    if (filter.from && filter.to && filter.to.getTime() <= filter.from.getTime())
      throw badRequest('to must be after from');
    return this.emergencies.list(filter, limit, offset);
  }

  private async raiseWith(settings: EmergencySettings | null, input: EmergencyInput): Promise<RaisedEmergency> {
    if (!settings) throw new Error(`business ${input.businessId} is gone: no emergency raised`);
    const [{ timezone }, sender] = await Promise.all([
      this.defaults.of(input.businessId),
      this.businesses.sender(input.businessId, 'sms'),
    ]);
    const summary = truncateOnWord(input.summary.replace(/\s+/g, ' '), SUMMARY_LIMIT) || 'an emergency';
    const { ownerPhone } = settings;
    const now = this.clock.now();
    const alertedSince = new Date(now.getTime() - ALERT_COOLDOWN_MS);
    const recorded = await this.emergencies.record({ ...input, summary, now, alertedSince }, (appointment) => {
      if (!ownerPhone || !sender) return null;
      const id = randomUUID();
      const message = {
        id,
        businessId: input.businessId,
        channel: 'sms' as const,
        from: sender.from ?? '',
        messagingServiceSid: sender.messagingServiceSid,
        to: ownerPhone,
        body: ownerAlertText(settings.name, input, summary, appointment && spoken(appointment.startsAt, timezone)),
        source: 'owner_alert' as const,
      };
      return { message, job: JobQueue.outboxEntry(JobName.SendMessage, { messageId: id }) };
    });
    const where = `business ${input.businessId}, customer ${maskPhone(input.customerPhone)}`;
    if (recorded.alert) {
      this.logger.log(`Emergency (${where}): owner alerted at ${maskPhone(ownerPhone!)}`);
      // Committed with its outbox row: if Redis is away now, the relay enqueues it later.
      await this.jobs
        .enqueueEntries([recorded.alert.job])
        .catch((e: Error) => this.logger.warn(`Owner alert left to the relay: ${e.message}`));
    } else if (recorded.created) {
      // Once, when it is recorded: a retry finds the row and says nothing more.
      this.logger.warn(
        `Emergency (${where}) recorded without alerting the owner: ${ownerPhone ? 'the business has no SMS number to send from' : 'the business has no ownerPhone'}`,
      );
    }
    return {
      safetyLine: safetyLineOf(settings),
      alerted: recorded.ownerMessageId !== null,
      appointmentId: recorded.appointment?.id ?? null,
    };
  }
}

function matchOf(settings: EmergencySettings | null, body: string): string | null {
  const own = settings?.emergencyKeywords ?? [];
  return matchEmergency(body, own.length ? own : DEFAULT_EMERGENCY_KEYWORDS);
}

/** The line a customer in an emergency (and every caller) hears first. */
export function safetyLineOf(settings: Pick<EmergencySettings, 'safetyLine'> | null): string {
  return settings?.safetyLine?.trim() || DEFAULT_SAFETY_LINE;
}

/**
 * "EMERGENCY for Acme Plumbing. Customer +15557654321: "burst pipe in the basement" (keyword: burst
 * pipe). Their appointment on Wed 2 Dec at 9:00 AM is marked emergency." The customer's number in full:
 * the owner calls it back (it is never logged unmasked).
 */
/** How the owner's alert says where the customer reached the business. */
const ON_CHANNEL: Record<ConversationChannel, string> = {
  sms: '',
  whatsapp: ' (WhatsApp)',
  voice: ' (phone call)',
  web: ' (website chat)',
};

export function ownerAlertText(
  business: string,
  input: Pick<EmergencyInput, 'channel' | 'customerPhone'>,
  summary: string,
  appointmentTime: string | null,
): string {
  const on = ON_CHANNEL[input.channel];
  const appointment = appointmentTime
    ? `Their appointment on ${appointmentTime} is marked emergency.`
    : 'No appointment booked: call them back.';
  return `EMERGENCY for ${business}. Customer ${input.customerPhone}${on}: ${summary.replace(/[.\s]+$/, '')}. ${appointment}`;
}
