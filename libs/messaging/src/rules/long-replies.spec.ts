import { replyBodies, WHATSAPP_BODY_LIMIT } from './long-replies';

describe('replyBodies', () => {
  const long = 'word '.repeat(500); // 2,500 characters

  it('splits a text for a business that splits, within the channel limit', () => {
    const sms = replyBodies(long, 'sms', 'split', 320);
    expect(sms.length).toBeGreaterThan(1);
    for (const part of sms) expect(part.length).toBeLessThanOrEqual(320);
    const whatsapp = replyBodies(long, 'whatsapp', 'split', 320);
    expect(whatsapp).toHaveLength(2);
    for (const part of whatsapp) expect(part.length).toBeLessThanOrEqual(WHATSAPP_BODY_LIMIT);
  });

  it.each(['voice', 'web'] as const)(
    'never numbers parts of a %s answer: it is said or shown whole, cut',
    (channel) => {
      const [answer, ...rest] = replyBodies(long, channel, 'split', 320);
      expect(rest).toEqual([]);
      expect(answer).toMatch(/^word .*…$/);
      expect(answer.length).toBeLessThanOrEqual(320);
    },
  );

  it('cuts for a business that cuts', () => {
    expect(replyBodies(long, 'whatsapp', 'cut', 320)).toEqual([expect.stringMatching(/…$/)]);
  });
});
