import { newCallSid, type SimClient } from './sim-client';
import { readCallStep, type CallStep } from './twiml-reader';

export interface SimCall {
  from: string;
  /** The business number called. */
  to: string;
  utterances: string[];
  /** Twilio's confidence in each transcription (0–1). */
  confidence: number;
}

/** One line of the transcript, as `sim call` prints it. */
export interface SpokenLine {
  speaker: 'caller' | 'assistant' | 'twilio';
  text: string;
  /** How long the app took to answer the request that said it (ms). */
  ms?: number;
}

/** Twilio follows a holding answer's <Redirect> at most this often in a row before sim gives up. */
const MAX_REDIRECTS = 10;

/**
 * Plays a call as Twilio would: the voice webhook, each utterance to the <Gather>'s action,
 * holding answers' <Redirect>s followed, and a `completed` status callback at the end (which
 * is when the owner hears of a booked or emergency call). Every request is signed.
 */
export async function playCall(sim: SimClient, call: SimCall, print: (line: SpokenLine) => void): Promise<void> {
  const callSid = newCallSid();
  const base = { AccountSid: sim.accountSid, CallSid: callSid, From: call.from, To: call.to, Direction: 'inbound' };
  const started = Date.now();
  const request = async (path: `/twilio/${string}`, extra: Record<string, string> = {}): Promise<CallStep> => {
    const res = await sim.postWebhook(path, { ...base, ...extra });
    if (res.status !== 200) throw new Error(`the app answered ${path} with HTTP ${res.status}`);
    const step = readCallStep(res.body);
    for (const text of step.says) print({ speaker: 'assistant', text, ms: Math.round(res.ms) });
    return step;
  };
  const untilListening = async (first: CallStep): Promise<CallStep> => {
    let step = first;
    for (let redirects = 0; step.redirect; redirects++) {
      if (redirects === MAX_REDIRECTS) throw new Error(`still redirected after ${MAX_REDIRECTS} redirects`);
      step = await request(step.redirect as `/twilio/${string}`, { CallStatus: 'in-progress' });
    }
    return step;
  };

  let step = await untilListening(await request('/twilio/voice', { CallStatus: 'ringing' }));
  for (const words of call.utterances) {
    if (step.ended || !step.listensAt) break;
    print({ speaker: 'caller', text: words });
    step = await untilListening(
      await request(step.listensAt as `/twilio/${string}`, {
        CallStatus: 'in-progress',
        SpeechResult: words,
        Confidence: String(call.confidence),
      }),
    );
  }
  if (step.ended === 'reject') {
    print({ speaker: 'twilio', text: 'call rejected (no business answers this number, or it is suspended)' });
    return;
  }
  const seconds = Math.max(1, Math.round((Date.now() - started) / 1000));
  await sim.postWebhook('/twilio/voice/status', { ...base, CallStatus: 'completed', CallDuration: String(seconds) });
  print({
    speaker: 'twilio',
    text: `call ${step.ended ? 'hung up by the assistant' : 'ended by the caller'} (${seconds} s)`,
  });
}
