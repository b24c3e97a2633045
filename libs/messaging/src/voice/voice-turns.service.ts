import { Injectable, Logger } from '@nestjs/common';
import { Clock, isE164, maskPhone } from '@app/common';
import { AppConfig } from '@app/config';
import { type BusinessRoute, BusinessRoutes, CallsRepository, type CallTurn, MessagesRepository } from '@app/database';
import { SharedCounters } from '@app/queue';
import { VOICE_ANSWER_PATH, VoiceTwiml } from '@app/twilio';
import { ConversationTurns } from '../conversations/conversation-turns';
import { OutboundMessagesService } from '../outbound/outbound-messages.service';
import { VoiceCallSession, VoiceCallSessions } from './voice-call-sessions';

/** What Twilio posts after a <Gather>: the caller's words as it heard them. */
export interface CallerTurn {
  callSid: string;
  accountSid?: string;
  /** SpeechResult; empty when the caller said nothing Twilio could hear. */
  speech: string;
  /** Twilio's Confidence (0–1); null when it gave none. */
  confidence: number | null;
}

/** TwiML for Twilio, and the slug of the business the call is for (null: a call none we know), for the metrics. */
export interface VoiceAnswer {
  twiml: string;
  business: string | null;
}

/** Below this, Twilio's transcription is a guess: the caller is asked again rather than answered wrongly. */
export const MIN_SPEECH_CONFIDENCE = 0.3;
/** How often Twilio is sent back for a slow answer before the call gives up on it. */
export const MAX_ANSWER_WAITS = 3;

const HOLDING_PHRASE = 'One moment, please.';
const ASK_AGAIN = "Sorry, I didn't catch that. Could you say that again?";
const GOODBYE = /^(no|nope|no thanks?( you)?|that'?s (all|it)|nothing( else)?|bye|goodbye|good bye)[.!]?$/i;

/**
 * A caller's turns, through the same engine as texts: each utterance is stored as an inbound
 * message on channel `voice` with its reply job (the worker answers it as any text: emergencies,
 * the booking flow or the AI with its tools), and the answer, once stored, is said back. An
 * answer not ready within VOICE_AI_TIMEOUT_MS gets a holding phrase and a <Redirect> to the
 * answer route, which any instance can serve: the session is in Redis, the words in PostgreSQL.
 */
@Injectable()
export class VoiceTurnsService {
  private readonly logger = new Logger(VoiceTurnsService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly routes: BusinessRoutes,
    private readonly calls: CallsRepository,
    private readonly sessions: VoiceCallSessions,
    private readonly turns: ConversationTurns,
    private readonly messages: MessagesRepository,
    private readonly outbound: OutboundMessagesService,
    private readonly counters: SharedCounters,
  ) {}

  /** TwiML for one caller turn, and the business's slug (null: the call is none we know). */
  async take(turn: CallerTurn): Promise<VoiceAnswer> {
    const session = await this.sessionOf(turn.callSid);
    if (!session)
      return { twiml: VoiceTwiml.sayAndHangUp(['Sorry, this call cannot continue. Goodbye.']), business: null };
    const business = await this.routes.byId(session.businessId);
    if (!business)
      return { twiml: VoiceTwiml.sayAndHangUp(['Sorry, this call cannot continue. Goodbye.']), business: null };
    return { twiml: await this.takeFor(business, session, turn), business: business.slug };
  }

  /** Twilio back for an answer that was not ready (the holding phrase's <Redirect>). */
  async collect(callSid: string, inboundId: string, wait: number): Promise<VoiceAnswer> {
    const session = await this.sessionOf(callSid);
    const inbound = session ? await this.messages.findById(inboundId) : null;
    // Only this call's own turn: the id comes from our TwiML, but the URL is the caller's to replay.
    if (!session || !inbound || inbound.businessId !== session.businessId || !inbound.sid?.startsWith(`${callSid}-`))
      return { twiml: VoiceTwiml.sayAndHangUp(['Sorry, this call cannot continue. Goodbye.']), business: null };
    const business = await this.routes.byId(session.businessId);
    return { twiml: await this.answerOrHold(callSid, session, inboundId, wait), business: business?.slug ?? null };
  }

  private async takeFor(business: BusinessRoute, session: VoiceCallSession, turn: CallerTurn): Promise<string> {
    if (business.status === 'suspended')
      return VoiceTwiml.sayAndHangUp(['Sorry, we cannot take your call right now. Goodbye.']);
    const speech = turn.speech.trim();
    if (!speech || (turn.confidence !== null && turn.confidence < MIN_SPEECH_CONFIDENCE))
      return this.notHeard(turn.callSid, session, business.name);
    this.counters.add('voice_turns_total', ['caller', business.slug]);
    const caller: CallTurn = {
      at: this.clock.now().toISOString(),
      speaker: 'caller',
      text: speech,
      ...(turn.confidence !== null ? { confidence: turn.confidence } : {}),
    };
    if (GOODBYE.test(speech)) {
      const farewell = `Thanks for calling ${business.name}. Goodbye.`;
      await this.calls.recordTurns(turn.callSid, [caller, this.said(farewell)], null);
      return VoiceTwiml.sayAndHangUp([farewell]);
    }
    // The words are safe in the stored message; the transcript gets them with the answer, one write per turn.
    const inboundId = await this.store(turn, session, speech);
    return this.answerOrHold(turn.callSid, session, inboundId, 1, [caller]);
  }

  /**
   * The answer said back and the next turn listened for; or, not ready yet, a holding phrase.
   * `unrecorded`: the caller's words this answers, when the transcript does not have them yet.
   */
  private async answerOrHold(
    callSid: string,
    session: VoiceCallSession,
    inboundId: string,
    wait: number,
    unrecorded: CallTurn[] = [],
  ) {
    const parts = await this.turns.answer(inboundId, this.config.voice.answerTimeoutMs);
    if (parts !== null) {
      const answer = parts.map((p) => p.body).join(' ');
      const turn = {
        callSid,
        businessId: session.businessId,
        inboundMessageId: inboundId,
        caller: session.from,
        since: new Date(session.startedAt),
      };
      await this.calls.recordAnswer(turn, [...unrecorded, this.said(answer)]);
      return VoiceTwiml.sayAndListen([answer]);
    }
    if (wait >= MAX_ANSWER_WAITS) {
      this.logger.warn(
        `Call ${callSid}: no answer to turn ${inboundId} after ${wait} waits; the caller is told we will text`,
      );
      const sorry = 'Sorry, I could not get you an answer right now. We will get back to you by text. Goodbye.';
      await this.calls.recordTurns(callSid, [...unrecorded, this.said(sorry)], null);
      return VoiceTwiml.sayAndHangUp([sorry]);
    }
    if (unrecorded.length) await this.calls.recordTurns(callSid, unrecorded, null);
    return VoiceTwiml.holdAndRedirect(HOLDING_PHRASE, `${VOICE_ANSWER_PATH}?turn=${inboundId}&wait=${wait + 1}`);
  }

  /** The caller's words as an inbound message with its reply job (ConversationTurns), as a text's webhook stores one. */
  private async store(turn: CallerTurn, session: VoiceCallSession, speech: string): Promise<string> {
    const n = await this.sessions.nextTurn(turn.callSid);
    return this.turns.store({
      businessId: session.businessId,
      channel: 'voice',
      sid: `${turn.callSid}-${n}`,
      from: session.from,
      to: session.to,
      body: speech,
      accountSid: turn.accountSid,
    });
  }

  /** Not heard: asked once more; then offered a text instead, and the call ends. */
  private async notHeard(callSid: string, session: VoiceCallSession, name: string): Promise<string> {
    if ((await this.sessions.notHeard(callSid)) <= 1) return VoiceTwiml.sayAndListen([ASK_AGAIN]);
    const canText = isE164(session.from);
    if (canText) {
      await this.outbound
        .queueText({
          businessId: session.businessId,
          to: session.from,
          from: session.to,
          channel: 'sms',
          body: `Hi, this is ${name}. We could not hear you on the phone just now. Reply here and we will help you.`,
          source: 'bot',
        })
        .catch((error: Error) =>
          this.logger.warn(`Call ${callSid}: the text to ${maskPhone(session.from)} failed: ${error.message}`),
        );
    }
    const goodbye = canText
      ? "Sorry, I still couldn't hear you. We'll send you a text message so you can write to us instead. Goodbye."
      : "Sorry, I still couldn't hear you. Please call again, or text us at this number. Goodbye.";
    await this.calls.recordTurns(callSid, [this.said(goodbye)], null);
    return VoiceTwiml.sayAndHangUp([goodbye]);
  }

  /** The session in Redis; gone (expired, or Redis was emptied), rebuilt from the call's row. */
  private async sessionOf(callSid: string): Promise<VoiceCallSession | null> {
    const session = await this.sessions.get(callSid);
    if (session) return session;
    const call = await this.calls.findBySid(callSid);
    if (!call || call.endedAt) return null;
    const rebuilt = {
      businessId: call.businessId,
      from: call.from,
      to: call.to,
      startedAt: call.createdAt.toISOString(),
    };
    await this.sessions.open(callSid, rebuilt);
    return rebuilt;
  }

  private said(text: string): CallTurn {
    return { at: this.clock.now().toISOString(), speaker: 'assistant', text };
  }
}
