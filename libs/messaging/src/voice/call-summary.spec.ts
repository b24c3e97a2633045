import { CALL_SUMMARY_LIMIT, callSummaryText, spokenDuration } from './call-summary';

const at = '2026-12-02T10:00:00.000Z';
const greeting = { at, speaker: 'assistant' as const, text: 'Thanks for calling Acme. How can we help?' };

describe('callSummaryText', () => {
  it('tells the owner who called, for how long, what they said and what they were told', () => {
    const text = callSummaryText('Acme Plumbing', {
      from: '+15557654321',
      durationSeconds: 125,
      outcome: 'booked',
      turns: [
        greeting,
        { at, speaker: 'caller', text: 'I need a plumber', confidence: 0.9 },
        { at, speaker: 'assistant', text: 'Reply 1 for 9 am, 2 for 10 am.' },
        { at, speaker: 'caller', text: 'one' },
        { at, speaker: 'assistant', text: 'Booked: Tuesday at 9 am.' },
      ],
    });
    expect(text).toBe(
      'Booked by phone: call for Acme Plumbing from +15557654321 (2 min 5 s). They said: "I need a plumber / one". We said: "Booked: Tuesday at 9 am."',
    );
  });

  it('says EMERGENCY first, and leaves out what it does not know', () => {
    const text = callSummaryText('Acme', {
      from: '+15557654321',
      durationSeconds: null,
      outcome: 'emergency',
      turns: [greeting],
    });
    expect(text).toBe('EMERGENCY call for Acme from +15557654321.');
  });

  it('stays within three SMS segments however long the call was', () => {
    const long = 'water everywhere '.repeat(200);
    const turns = [greeting, ...Array.from({ length: 20 }, () => ({ at, speaker: 'caller' as const, text: long }))];
    turns.push({ at, speaker: 'assistant' as const, text: long });
    const text = callSummaryText('Acme', { from: '+15557654321', durationSeconds: 3600, outcome: 'emergency', turns });
    expect(text.length).toBeLessThanOrEqual(CALL_SUMMARY_LIMIT);
    expect(text.startsWith('EMERGENCY call for Acme from +15557654321 (60 min).')).toBe(true);
  });
});

describe('spokenDuration', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [60, '1 min'],
    [61, '1 min 1 s'],
  ])('%i seconds is "%s"', (seconds, said) => expect(spokenDuration(seconds)).toBe(said));
});
