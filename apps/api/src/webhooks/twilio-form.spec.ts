import { BadRequestException } from '@nestjs/common';
import fc from 'fast-check';
import { parseInboundForm, parseStatusForm } from './twilio-form';

const sid = fc.stringMatching(/^SM[0-9a-f]{32}$/);
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.constant(undefined),
);
const twilioKeys = [
  'MessageSid',
  'SmsMessageSid',
  'From',
  'To',
  'Body',
  'NumMedia',
  'MediaUrl0',
  'MediaContentType0',
  'ProfileName',
  'MessageStatus',
  'ErrorCode',
];
const form = fc.dictionary(
  fc.oneof(fc.constantFrom(...twilioKeys), fc.string({ maxLength: 12 })),
  value as fc.Arbitrary<unknown>,
);

describe('Twilio webhook form parsing', () => {
  it('parses a real inbound form', () => {
    expect(
      parseInboundForm(
        {
          MessageSid: 'SM' + 'a'.repeat(32),
          From: 'whatsapp:+15551234567',
          To: 'whatsapp:+15005550006',
          Body: 'hi',
          NumMedia: '1',
          MediaUrl0: 'https://m/1',
          MediaContentType0: 'image/png',
        },
        'US',
      ),
    ).toEqual(
      expect.objectContaining({
        channel: 'whatsapp',
        from: '+15551234567',
        numMedia: 1,
        mediaUrls: ['https://m/1'],
        mediaContentTypes: ['image/png'],
      }),
    );
  });

  it('either parses or rejects with a 400, whatever the form holds', () => {
    fc.assert(
      fc.property(form, (f) => {
        for (const parse of [parseInboundForm, parseStatusForm]) {
          try {
            const parsed = parse(f, 'US');
            expect(parsed.sid).toMatch(/^[A-Z]{2}[0-9a-f]{32}$/i);
          } catch (error) {
            expect(error).toBeInstanceOf(BadRequestException);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts any valid inbound form and keeps the body as sent', () => {
    fc.assert(
      fc.property(
        sid,
        fc.string({ maxLength: 1600 }),
        fc.integer({ min: 0, max: 10 }),
        (messageSid, body, numMedia) => {
          const f: Record<string, string> = {
            MessageSid: messageSid,
            From: '+15551234567',
            To: '+15005550006',
            Body: body,
            NumMedia: String(numMedia),
          };
          for (let i = 0; i < numMedia; i++) f[`MediaUrl${i}`] = `https://media/${i}`;
          const parsed = parseInboundForm(f, 'US');
          expect(parsed.body).toBe(body);
          expect(parsed.mediaUrls).toHaveLength(numMedia);
        },
      ),
    );
  });
});
