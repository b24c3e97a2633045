import { VoiceTwiml } from '@app/twilio';
import { readCallStep } from './twiml-reader';

describe('readCallStep', () => {
  it('reads a listening answer: its lines, and where the next words go', () => {
    expect(readCallStep(VoiceTwiml.sayAndListen(['Hello & welcome.', 'How can we help?']))).toEqual({
      says: ['Hello & welcome.', 'How can we help?'],
      listensAt: '/twilio/voice/turn',
      redirect: null,
      ended: null,
    });
  });

  it('follows a holding answer to its Redirect', () => {
    const step = readCallStep(VoiceTwiml.holdAndRedirect('One moment.', '/twilio/voice/answer?turn=x&wait=1'));
    expect(step).toEqual({
      says: ['One moment.'],
      listensAt: null,
      redirect: '/twilio/voice/answer?turn=x&wait=1',
      ended: null,
    });
  });

  it('ends on Hangup and Reject', () => {
    expect(readCallStep(VoiceTwiml.sayAndHangUp(['Goodbye.']))).toMatchObject({ says: ['Goodbye.'], ended: 'hangup' });
    expect(readCallStep(VoiceTwiml.reject())).toMatchObject({ says: [], ended: 'reject' });
  });

  it('refuses what is not TwiML', () => {
    expect(() => readCallStep('<html></html>')).toThrow(/not TwiML/);
  });
});
