import { Injectable, Logger } from '@nestjs/common';
import { Clock, DEFAULT_BUSINESS_ID, maskPhone } from '@app/common';
import { AppConfig } from '@app/config';
import { BusinessRoute, BusinessRoutes, CallsRepository } from '@app/database';
import { SharedCounters } from '@app/queue';
import { VoiceTwiml } from '@app/twilio';
import { safetyLineOf } from '../emergencies/emergency.service';
import { VoiceCallSessions } from './voice-call-sessions';

/** A call as Twilio's voice webhook announces it. */
export interface IncomingCall {
  callSid: string;
  accountSid?: string;
  /** E.164. */
  from: string;
  to: string;
  status: string;
}

/**
 * Answers calls to a business's numbers: its greeting and safety line, then listens. A number
 * no business has, or a suspended business's, is rejected before it is answered. The call's
 * row is opened here (once per CallSid) and closed by Twilio's status callbacks (CallEndings).
 */
@Injectable()
export class IncomingCallsService {
  private readonly logger = new Logger(IncomingCallsService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly routes: BusinessRoutes,
    private readonly calls: CallsRepository,
    private readonly counters: SharedCounters,
    private readonly clock: Clock,
    private readonly sessions: VoiceCallSessions,
  ) {}

  /** TwiML for the call, and the business it is for (null: rejected, whose it is unknown). */
  async answer(call: IncomingCall): Promise<{ twiml: string; business: string | null }> {
    const business = await this.ownerOf(call);
    if (!business || business.status === 'suspended') {
      this.counters.add('voice_calls_total', ['rejected', business?.slug ?? '']);
      this.logger.log(
        `Rejected call ${call.callSid} from ${maskPhone(call.from)}: ${business ? 'business suspended' : 'no business has this number'}`,
      );
      return { twiml: VoiceTwiml.reject(), business: business?.slug ?? null };
    }
    const lines = [greetingOf(business), safetyLineOf(business)];
    const opened = await this.calls.open(
      {
        businessId: business.id,
        callSid: call.callSid,
        from: call.from,
        to: call.to,
        status: call.status,
        greeting: lines.join(' '),
      },
      this.clock.now(),
    );
    // Any API instance takes the next turn: the call's session is in Redis, not here.
    await this.sessions.open(call.callSid, {
      businessId: business.id,
      from: call.from,
      to: call.to,
      startedAt: opened.createdAt.toISOString(),
    });
    this.counters.add('voice_calls_total', ['answered', business.slug]);
    return { twiml: VoiceTwiml.sayAndListen(lines), business: business.slug };
  }

  /**
   * Only a number a business has (or, for the default business, TWILIO_DEFAULT_FROM), or a
   * business's own subaccount: unlike a text, a call to an unknown number is not the default
   * business's to answer.
   */
  private async ownerOf(call: IncomingCall): Promise<BusinessRoute | null> {
    const route = await this.routes.forInbound('sms', call.to, call.accountSid);
    const owns =
      route.numbers.some((n) => n.address === call.to) ||
      (call.accountSid !== undefined && route.twilio?.accountSid === call.accountSid) ||
      (route.id === DEFAULT_BUSINESS_ID && call.to === this.config.twilio.defaultFrom);
    return owns ? route : null;
  }
}

/** What a caller hears first. */
export function greetingOf(business: Pick<BusinessRoute, 'name' | 'voiceGreeting'>): string {
  return business.voiceGreeting?.trim() || `Thanks for calling ${business.name}. How can we help you today?`;
}
