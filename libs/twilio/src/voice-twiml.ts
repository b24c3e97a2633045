import twilio from 'twilio';

/** Where a caller's next words go: Twilio posts them (SpeechResult, Confidence) to this path. */
export const VOICE_TURN_PATH = '/twilio/voice/turn';
/** Where Twilio comes back for an answer that was not ready in time (after the holding phrase). */
export const VOICE_ANSWER_PATH = '/twilio/voice/answer';

/**
 * TwiML for calls, written by the twilio SDK's own VoiceResponse (it escapes the text and
 * spells the verbs and attributes as Twilio documents them).
 */
export const VoiceTwiml = {
  /** Says `lines`, then listens for the caller's answer, which Twilio posts to the turn route. */
  sayAndListen(lines: string[]): string {
    const response = new twilio.twiml.VoiceResponse();
    const gather = response.gather({
      input: ['speech'],
      action: VOICE_TURN_PATH,
      method: 'POST',
      speechTimeout: 'auto',
    });
    for (const line of lines) gather.say(line);
    // No words at all (Gather timed out): the call goes on here, to the turn route, with none.
    response.redirect({ method: 'POST' }, VOICE_TURN_PATH);
    return response.toString();
  },

  /** Says a short holding phrase, then sends Twilio to `next` for the answer (nothing the caller said is lost). */
  holdAndRedirect(line: string, next: string): string {
    const response = new twilio.twiml.VoiceResponse();
    response.say(line);
    response.redirect({ method: 'POST' }, next);
    return response.toString();
  },

  /** The last words of the call. */
  sayAndHangUp(lines: string[]): string {
    const response = new twilio.twiml.VoiceResponse();
    for (const line of lines) response.say(line);
    response.hangup();
    return response.toString();
  },

  /** The call is refused before it is answered (busy to the caller, free for the business). */
  reject(): string {
    const response = new twilio.twiml.VoiceResponse();
    response.reject();
    return response.toString();
  },
};
